/// Maps a hook payload onto a ``HookPlan``: which event it records, which tool call it opens
/// or closes, whether it ends the session. Pure: the same payload gives the same plan.
///
/// Event types (all `source` = the assistant, e.g. `claude-code`):
///
/// | hook | event | also |
/// |---|---|---|
/// | SessionStart | `assistant.session_started` {source, model} | reopens an ended session |
/// | SessionEnd | `assistant.session_ended` {reason} | ends the session (``endTrigger(reason:)``) |
/// | UserPromptSubmit | `user.prompt` {prompt} | |
/// | PreToolUse | `tool.started` {tool, tool_use_id, input} | opens the call |
/// | PostToolUse, PostToolUseFailure | `tool.call` {tool, tool_use_id, input, outcome, duration_ms, response or error} | closes it |
/// | PermissionRequest | `permission.requested` {tool, input} | |
/// | Notification | `assistant.notification` {notification_type, message} | |
/// | Stop, StopFailure | `assistant.stopped`, `assistant.stop_failed` | |
/// | SubagentStart, SubagentStop | on the child: `assistant.session_started`, `assistant.session_ended` | parent: `subagent.started`, `subagent.stopped`; the stop ends the child |
/// | PreCompact, PostCompact | `context.compacting`, `context.compacted` | |
/// | anything else | `hook.<name>` {the payload} | |
public enum HookMapping {
    /// Longest prompt kept, in bytes; longer ones keep their start and say how long they were.
    public static let maxPromptBytes = 256 << 10
    /// Longest tool input kept.
    public static let maxInputBytes = 64 << 10
    /// Longest tool response kept: the transcript has the rest.
    public static let maxResponseBytes = 16 << 10

    /// Fields every payload carries; events leave them out.
    static let common: Set<String> = [
        "session_id", "transcript_path", "cwd", "permission_mode", "hook_event_name", "agent_id", "agent_type", "turn_id",
    ]

    public static func plan(_ hook: AssistantHook) -> HookPlan {
        let source = hook.kind.rawValue
        func event(_ type: String, _ data: [String: JSONValue]) -> NewEvent {
            var data = data
            if let turn = hook.payload["turn_id"], turn != .null { data["turn_id"] = turn }
            return NewEvent(type: type, data: .object(data), source: source)
        }
        let target: HookPlan.Target = hook.agentID.map { .subagent(id: $0, type: hook.agentType) } ?? .session
        guard let known = HookEvent(hook.event, kind: hook.kind) else {
            var rest = hook.payload
            for key in common { rest[key] = nil }
            return HookPlan(target: target, event: event("hook.\(safeName(hook.event))", ["hook": .string(hook.event), "payload": .object(rest)]))
        }
        let p = hook.payload
        let tool = p["tool_name"]?.stringValue ?? "unknown"
        let toolUseID = p["tool_use_id"]?.stringValue
        let input = p["tool_input"] ?? p["tool_args"]
        switch known {
        case .sessionStart:
            var data: [String: JSONValue] = ["source": .string(p["source"]?.stringValue ?? "startup")]
            data["model"] = model(p)
            return HookPlan(target: target, event: event("assistant.session_started", data))
        case .sessionEnd:
            let reason = p["reason"]?.stringValue ?? "other"
            return HookPlan(
                target: target, event: event("assistant.session_ended", ["reason": .string(reason)]),
                ending: .end(endTrigger(reason: reason), reason: safeReason(reason)))
        case .userPromptSubmit:
            let prompt = p["prompt"] ?? p["user_prompt"] ?? .null
            return HookPlan(target: target, event: event("user.prompt", ["prompt": capped(prompt, maxPromptBytes)]))
        case .preToolUse:
            var data: [String: JSONValue] = ["tool": .string(tool), "input": capped(input ?? .null, maxInputBytes)]
            data["tool_use_id"] = toolUseID.map(JSONValue.string)
            return HookPlan(target: target, event: event("tool.started", data), tool: .start(ToolCallKey(id: toolUseID, tool: tool, input: input)))
        case .postToolUse, .postToolUseFailure:
            var data: [String: JSONValue] = ["tool": .string(tool), "input": capped(input ?? .null, maxInputBytes)]
            data["tool_use_id"] = toolUseID.map(JSONValue.string)
            let response = p["tool_response"] ?? p["tool_output"]
            let failed = known == .postToolUseFailure || Self.isError(response)
            data["outcome"] = .string(failed ? "error" : "ok")
            if let response { data["response"] = capped(response, maxResponseBytes) }
            if let error = p["error"] { data["error"] = capped(error, maxResponseBytes) }
            if let interrupted = p["is_interrupt"] { data["interrupted"] = interrupted }
            return HookPlan(target: target, event: event("tool.call", data), tool: .finish(ToolCallKey(id: toolUseID, tool: tool, input: input)))
        case .permissionRequest:
            var data: [String: JSONValue] = ["tool": .string(tool), "input": capped(input ?? .null, maxInputBytes)]
            data["tool_use_id"] = toolUseID.map(JSONValue.string)
            return HookPlan(target: target, event: event("permission.requested", data))
        case .notification:
            var data: [String: JSONValue] = ["message": capped(p["message"] ?? .null, maxResponseBytes)]
            data["notification_type"] = p["notification_type"] ?? p["type"]
            data["title"] = p["title"]
            return HookPlan(target: target, event: event("assistant.notification", data))
        case .stop:
            return HookPlan(target: target, event: event("assistant.stopped", ["stop_hook_active": p["stop_hook_active"] ?? .bool(false)]))
        case .stopFailure:
            var rest = p
            for key in common { rest[key] = nil }
            return HookPlan(target: target, event: event("assistant.stop_failed", rest.mapValues { capped($0, maxResponseBytes) }))
        case .subagentStart, .subagentStop:
            guard let agentID = hook.agentID else {
                return HookPlan(target: .session, event: event("hook.\(hook.event)", ["payload": .object(p)]))
            }
            let starting = known == .subagentStart
            var about: [String: JSONValue] = ["agent_id": .string(agentID)]
            about["agent_type"] = hook.agentType.map(JSONValue.string)
            about["transcript_path"] = p["agent_transcript_path"]
            return HookPlan(
                target: .subagent(id: agentID, type: hook.agentType),
                event: event(starting ? "assistant.session_started" : "assistant.session_ended", starting ? ["source": "subagent"] : ["reason": "subagent_stop"]),
                ending: starting ? nil : .end(.end, reason: "subagent_stop"),
                parentEvent: event(starting ? "subagent.started" : "subagent.stopped", about))
        case .preCompact:
            var data: [String: JSONValue] = ["trigger": p["trigger"] ?? .string("auto")]
            data["custom_instructions"] = p["custom_instructions"].map { capped($0, maxResponseBytes) }
            return HookPlan(target: target, event: event("context.compacting", data))
        case .postCompact:
            var data: [String: JSONValue] = ["trigger": p["trigger"] ?? .string("auto")]
            data["summary"] = p["compact_summary"].map { capped($0, maxResponseBytes) }
            return HookPlan(target: target, event: event("context.compacted", data))
        case .modelResponse:
            guard let response = p["llm_response"], finished(response) else { return HookPlan(target: target, event: nil) }
            var data: [String: JSONValue] = [:]
            data["model"] = model(p) ?? p["llm_request"]?["model"]
            data["usage"] = response["usageMetadata"]
            return HookPlan(target: target, event: event("assistant.message", data))
        case .modelChunk:
            return HookPlan(target: target, event: nil)
        }
    }

    /// The lifecycle trigger for a SessionEnd `reason`: the user leaving (`prompt_input_exit`,
    /// `logout`, `clear`, `resume`, `other`) completes it; `bypass_permissions_disabled` (the CLI
    /// refused to go on) terminates it.
    public static func endTrigger(reason: String) -> SessionLifecycle.Trigger {
        reason == "bypass_permissions_disabled" ? .terminate : .end
    }

    /// Whether a tool response says it failed (`is_error`, `success: false`, Codex's non-zero `exit_code`).
    static func isError(_ response: JSONValue?) -> Bool {
        guard case .object(let o)? = response else { return false }
        if o["is_error"] == .bool(true) || o["success"] == .bool(false) { return true }
        if let code = o["exit_code"]?.int64Value, code != 0 { return true }
        return false
    }

    static func model(_ p: [String: JSONValue]) -> JSONValue? {
        if case .string(let m)? = p["model"] { return .string(m) }
        if let m = p["model"]?["display_name"] ?? p["model"]?["id"] { return m }
        return nil
    }

    static func finished(_ response: JSONValue) -> Bool {
        guard case .array(let candidates)? = response["candidates"] else { return false }
        return candidates.contains { candidate in
            if let reason = candidate["finishReason"], reason != .null { return true }
            return false
        }
    }

    /// `value` if its JSON is at most `limit` bytes; otherwise its start as a string and its size.
    static func capped(_ value: JSONValue, _ limit: Int) -> JSONValue {
        let bytes = JSONWriter.bytes(value)
        guard bytes.count > limit else { return value }
        var prefix = Array(bytes.prefix(limit / 4))
        while !prefix.isEmpty, String(validating: prefix, as: UTF8.self) == nil { prefix.removeLast() }
        return ["truncated": true, "bytes": .int(Int64(bytes.count)), "start": .string(String(decoding: prefix, as: UTF8.self))]
    }

    /// A hook name usable in an event type: letters, digits, `_` and `-`, at most 64.
    static func safeName(_ name: String) -> String {
        let kept = name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
        let text = String(String.UnicodeScalarView(kept.prefix(64)))
        return text.isEmpty ? "unknown" : text
    }

    static func safeReason(_ reason: String) -> String {
        reason.isEmpty ? "other" : String(String.UnicodeScalarView(reason.unicodeScalars.prefix(200)))
    }
}

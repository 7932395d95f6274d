/// Reads a Codex rollout (`~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`: lines of
/// `{"timestamp", "type", "payload"}`) into events, by the counting rules of the shared corpus's
/// `truth.py` (docs/ASSISTANTS.md lists them):
///
/// - `user.prompt` per `event_msg/user_message` (`subagent.task` in a subagent's rollout), and
///   `user.input` per `response_item` user message that is not scaffolding (`<…>`, `# AGENTS.md`):
///   the count falls back to those only in a file without `user_message` events;
/// - `assistant.message` per assistant `response_item` message (`assistant.reply` per
///   `event_msg/agent_message`, the fallback), with the model of the turn;
/// - `tool.started` per call item (`function_call`, `custom_tool_call`, `local_shell_call`,
///   `web_search_call`, …), `tool.call` per output, with the exit code its text names, and
///   `tool.outcome` per `exec_command_end` / `patch_apply_end` / `mcp_tool_call_end`, which
///   decide the errors of a file that has them;
/// - `assistant.usage` per `token_count` whose `info` is not a repeat of the one before, from
///   `last_token_usage`, with `input` made uncached (OpenAI's input includes the cached part);
/// - `context.compacted` per `compacted` line (or `context_compacted` event), `turn.started`,
///   `turn.completed`, `turn.aborted`, and `subagent.started` per `spawn_agent` call or
///   `entered_review_mode`.
///
/// Keys come from call ids or the line's hash (`cxr:…`), so the same lines twice add nothing.
/// Pure: no files, no clock.
public struct CodexRolloutReader: TranscriptReading {
    public static let source = "codex/transcript"
    static let callTypes: Set<String> = ["function_call", "custom_tool_call", "local_shell_call", "web_search_call", "tool_search_call", "image_generation_call"]
    static let outputTypes: Set<String> = ["function_call_output", "custom_tool_call_output", "local_shell_call_output", "tool_search_call_output"]

    public private(set) var lines = TranscriptLineCounts()
    public private(set) var sessionID: String?
    public private(set) var firstTime: Timestamp?
    public private(set) var lastTime: Timestamp?
    /// `session_meta`: where and by what the rollout was written.
    public private(set) var meta: [String: JSONValue] = [:]
    /// The kind of subagent this rollout is (`review`, `thread_spawn`), from `session_meta.source`.
    public private(set) var subagentKind: String?
    /// The parent thread a spawned subagent names in its `session_meta`, where it does.
    public private(set) var parentThreadID: String?
    /// Times of the rollout's `entered_review_mode` events and the threads it spawned: how its
    /// subagents' rollouts find it.
    public private(set) var reviewTimes: [Timestamp] = []
    public private(set) var spawnedThreads: [String] = []

    private var model: String?
    private var lastTokenInfo: JSONValue?
    private var started: [String: (tool: JSONValue, time: Timestamp)] = [:]

    public init(continuing: JSONValue? = nil) {
        model = continuing?["model"]?.stringValue
        lastTokenInfo = continuing?["token_info"]
        reviewTimes = continuing?["reviews"]?.arrayValue?.compactMap { $0.int64Value.map(Timestamp.init(milliseconds:)) } ?? []
        spawnedThreads = continuing?["spawned"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    public var continuation: JSONValue? {
        var o: [String: JSONValue] = [:]
        o["model"] = model.map(JSONValue.string)
        o["token_info"] = lastTokenInfo
        if !reviewTimes.isEmpty { o["reviews"] = .array(reviewTimes.suffix(256).map { .int($0.milliseconds) }) }
        if !spawnedThreads.isEmpty { o["spawned"] = .array(spawnedThreads.suffix(256).map(JSONValue.string)) }
        return o.isEmpty ? nil : .object(o)
    }

    public mutating func read(_ line: ArraySlice<UInt8>) -> [TranscriptRead] {
        guard let o = TranscriptLine.object(line, counts: &lines), let type = o["type"]?.stringValue else { return [] }
        let time = o["timestamp"]?.stringValue.flatMap(Timestamp.init(iso8601:))
        if let time {
            firstTime = min(firstTime ?? time, time)
            lastTime = max(lastTime ?? time, time)
        }
        let at = time ?? lastTime ?? Timestamp(milliseconds: 0)
        let payload = o["payload"]?.objectValue ?? [:]
        let key = "cxr:" + TranscriptLine.hash(line)
        switch type {
        case "session_meta":
            if sessionID == nil, let id = payload["id"]?.stringValue {
                sessionID = id
                meta = payload.filter { ["id", "timestamp", "cwd", "originator", "cli_version", "model_provider", "source", "git"].contains($0.key) }
                if case .object(let source)? = payload["source"], let kind = source["subagent"] {
                    subagentKind = kind.stringValue ?? kind.objectValue?.keys.sorted().first ?? "unknown"
                    parentThreadID = kind.objectValue?.values.lazy.compactMap { $0["parent_thread_id"]?.stringValue }.first
                }
            }
            return []
        case "turn_context":
            if let model = payload["model"]?.stringValue { self.model = model }
            return []
        case "compacted":
            return [read(at, "context.compacted", ["via": "compacted"], key: key)]
        case "response_item":
            return responseItem(payload, at: at, key: key)
        case "event_msg":
            return eventMessage(payload, at: at, key: key)
        default:
            return []
        }
    }

    public mutating func finish() -> [TranscriptRead] { [] }

    private mutating func responseItem(_ p: [String: JSONValue], at: Timestamp, key: String) -> [TranscriptRead] {
        let type = p["type"]?.stringValue ?? ""
        if type == "message" {
            let text = Self.text(p["content"])
            switch p["role"]?.stringValue {
            case "assistant":
                var data: [String: JSONValue] = ["text": .string(String(text.prefix(4096)))]
                data["model"] = model.map(JSONValue.string)
                return [read(at, "assistant.message", data, key: key)]
            case "user":
                let trimmed = text.drop { $0.isWhitespace }
                if trimmed.hasPrefix("<") || trimmed.hasPrefix("# AGENTS.md") { return [] }
                return [read(at, "user.input", ["text": HookMapping.capped(.string(text), HookMapping.maxPromptBytes)], key: key)]
            default:
                return []
            }
        }
        if Self.callTypes.contains(type) {
            let callID = p["call_id"]?.stringValue ?? p["id"]?.stringValue
            let tool = p["name"] ?? .string(type)
            var data: [String: JSONValue] = ["tool": tool, "input": HookMapping.capped(p["arguments"] ?? p["input"] ?? p["action"] ?? .null, HookMapping.maxInputBytes)]
            data["tool_use_id"] = callID.map(JSONValue.string)
            if let callID, started.count < 10_000 { started[callID] = (tool, at) }
            var reads = [read(at, "tool.started", data, key: callID.map { "cxr:tu:\($0)" } ?? key)]
            if type == "function_call", tool == "spawn_agent" {
                reads.append(read(at, "subagent.started", ["kind": "thread_spawn", "tool_use_id": callID.map(JSONValue.string) ?? .null], key: key + ":spawn"))
            }
            return reads
        }
        if Self.outputTypes.contains(type), let callID = p["call_id"]?.stringValue {
            let exitCode = Self.exitCode(p["output"] ?? .null)
            var data: [String: JSONValue] = ["tool_use_id": .string(callID), "outcome": exitCode.map { $0 == 0 ? "ok" : "error" } ?? "unknown"]
            data["exit_code"] = exitCode.map { .int(Int64($0)) }
            if let start = started.removeValue(forKey: callID) {
                data["tool"] = start.tool
                data["duration_ms"] = .int(max(0, at.milliseconds(since: start.time)))
            }
            if let exitCode, exitCode != 0 { data["error"] = HookMapping.capped(p["output"] ?? .null, 2048) }
            return [read(at, "tool.call", data, key: "cxr:tr:\(callID)")]
        }
        return []
    }

    private mutating func eventMessage(_ p: [String: JSONValue], at: Timestamp, key: String) -> [TranscriptRead] {
        switch p["type"]?.stringValue ?? "" {
        case "user_message":
            let text = HookMapping.capped(p["message"] ?? "", HookMapping.maxPromptBytes)
            return [read(at, subagentKind == nil ? "user.prompt" : "subagent.task", ["prompt": text], key: key)]
        case "agent_message":
            return [read(at, "assistant.reply", ["text": .string(String((p["message"]?.stringValue ?? "").prefix(4096)))], key: key)]
        case "token_count":
            guard case .object(let info)? = p["info"] else { return [] }
            guard lastTokenInfo != .object(info) else { return [] }  // a repeat of the one before
            lastTokenInfo = .object(info)
            let last = info["last_token_usage"]
            let input = last?["input_tokens"]?.int64Value ?? 0, cached = last?["cached_input_tokens"]?.int64Value ?? 0
            let usage: JSONValue = [
                "input": .int(max(0, input - cached)), "output": .int(last?["output_tokens"]?.int64Value ?? 0), "cache_read": .int(cached), "cache_creation": 0,
                "reasoning_output": .int(last?["reasoning_output_tokens"]?.int64Value ?? 0),
            ]
            var data: [String: JSONValue] = ["usage": usage]
            data["model"] = model.map(JSONValue.string)
            return [read(at, "assistant.usage", data, key: key)]
        case "context_compacted":
            return [read(at, "context.compacted", ["via": "event"], key: key)]
        case "task_started":
            return [read(at, "turn.started", ["turn_id": p["turn_id"] ?? .null], key: key)]
        case "task_complete":
            return [read(at, "turn.completed", ["turn_id": p["turn_id"] ?? .null], key: key)]
        case "turn_aborted":
            return [read(at, "turn.aborted", ["turn_id": p["turn_id"] ?? .null, "reason": p["reason"] ?? .null], key: key)]
        case "entered_review_mode":
            if reviewTimes.count < 256 { reviewTimes.append(at) }
            return [read(at, "subagent.started", ["kind": "review"], key: key)]
        case "collab_agent_spawn_end":
            if let thread = p["new_thread_id"]?.stringValue, spawnedThreads.count < 256 { spawnedThreads.append(thread) }
            return []
        case let type where type == "exec_command_end" || type == "patch_apply_end" || type == "mcp_tool_call_end":
            let failed: Bool
            switch type {
            case "exec_command_end": failed = (p["exit_code"]?.int64Value ?? 0) != 0
            case "patch_apply_end": failed = p["success"] == .bool(false)
            default: failed = p["result"]?["Err"] != nil || p["result"]?["is_error"] == .bool(true)
            }
            var data: [String: JSONValue] = ["outcome": failed ? "error" : "ok", "via": .string(type)]
            data["tool_use_id"] = p["call_id"]
            data["exit_code"] = p["exit_code"]
            return [read(at, "tool.outcome", data, key: p["call_id"]?.stringValue.map { "cxr:end:\($0)" } ?? key)]
        default:
            return []
        }
    }

    private func read(_ time: Timestamp, _ type: String, _ data: [String: JSONValue], key: String) -> TranscriptRead {
        TranscriptRead(time: time, event: NewEvent(type: type, data: .object(data), source: Self.source, idempotencyKey: key))
    }

    /// The text of a message's content blocks (`input_text`, `output_text`), joined.
    static func text(_ content: JSONValue?) -> String {
        guard case .array(let blocks)? = content else { return content?.stringValue ?? "" }
        return blocks.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
    }

    /// The exit code a tool output names: `{"metadata": {"exit_code": N}}`, or the first
    /// "Exit code: N" / "Process exited with code N" in its first 400 characters.
    static func exitCode(_ output: JSONValue) -> Int? {
        var text: String
        switch output {
        case .string(let s): text = s
        case .object(let o): text = o["content"]?.stringValue ?? JSONWriter.string(output)
        default: return nil
        }
        text = String(text.drop { $0.isWhitespace })
        if text.hasPrefix("{"), let parsed = try? JSONParser.parse(Array(text.utf8)), case .object(let metadata)? = parsed["metadata"] {
            return metadata["exit_code"]?.int64Value.map { Int($0) }
        }
        let head = Substring(text.prefix(400))
        let markers = ["Exit code", "Process exited with code"].compactMap { marker in head.firstRange(of: marker).map { (marker, $0) } }
        guard let (marker, range) = markers.min(by: { $0.1.lowerBound < $1.1.lowerBound }) else { return nil }
        var rest = head[range.upperBound...]
        if marker == "Exit code", rest.first == ":" { rest = rest.dropFirst() }
        rest = rest.drop { $0.isWhitespace }
        let sign = rest.first == "-" ? "-" : ""
        return Int(sign + rest.dropFirst(sign.count).prefix { $0.isASCII && $0.isNumber })
    }
}

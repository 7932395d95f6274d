/// Reads a Claude Code transcript (`~/.claude/projects/<project>/<session>.jsonl`, or a
/// subagent's `agent-<id>.jsonl`) line by line into events, by the counting rules of the
/// shared corpus's `truth.py` (docs/ASSISTANTS.md lists them):
///
/// - `user.prompt` for a typed prompt (not a command, command output, interruption, task
///   notification, meta or compact summary line); `user.command` for a slash command or `!` input;
/// - `assistant.message` once per `message.id` (Claude writes a line per content block, each
///   repeating the id and usage: each usage field is the largest seen), with model, tokens and
///   text; `assistant.usage` when a message already stored grows in a later run;
/// - `tool.started` per `tool_use` block, `tool.call` per `tool_result` block (outcome from `is_error`);
/// - `context.compacted` per `compact_boundary`.
///
/// Each event's time is its line's `timestamp` and its idempotency key comes from the line
/// (`cct:<uuid>…`), so reading the same lines twice adds nothing. Pure: no files, no clock.
public struct ClaudeTranscriptReader: TranscriptReading {
    /// Source of the events, apart from the hooks' `claude-code`, so that counts can prefer one.
    public static let source = "claude-code/transcript"
    /// A message already stored, whose usage a later line may raise.
    struct StoredMessage: Sendable, Hashable {
        var id: String
        var usage: [String: Int64]
    }

    public private(set) var lines = TranscriptLineCounts()
    /// The session id the lines name (`sessionId`).
    public private(set) var sessionID: String?
    /// The subagent the lines belong to (`agentId`), if any.
    public private(set) var agentID: String?
    /// Whether the user and assistant lines are a subagent's (`isSidechain`).
    public private(set) var sidechain = false
    public private(set) var firstTime: Timestamp?
    public private(set) var lastTime: Timestamp?
    /// The newest message written, for the next run to continue.
    private(set) var lastMessage: StoredMessage?

    private var seen: Set<String> = []
    private var open: [String: Message] = [:]
    private var openOrder: [String] = []
    private var stored: [String: [String: Int64]] = [:]
    /// Tool calls started and not answered yet: name and time, for the result's `tool` and duration.
    private var started: [String: (tool: JSONValue, time: Timestamp)] = [:]

    private struct Message: Sendable {
        var time: Timestamp
        var model: String?
        var usage: [String: Int64] = [:]
        var text = ""
        var key: String
    }

    static let usageFields = [("input", "input_tokens"), ("output", "output_tokens"), ("cache_read", "cache_read_input_tokens"), ("cache_creation", "cache_creation_input_tokens")]

    /// `continuing` is an earlier run's ``continuation``: the newest message it stored, whose
    /// usage the next lines may still raise.
    public init(continuing: JSONValue? = nil) {
        if let id = continuing?["id"]?.stringValue, case .object(let usage)? = continuing?["usage"] {
            let last = StoredMessage(id: id, usage: usage.compactMapValues(\.int64Value))
            stored[last.id] = last.usage
            lastMessage = last
        }
    }

    public var continuation: JSONValue? {
        lastMessage.map { ["id": .string($0.id), "usage": .object($0.usage.mapValues { .int($0) })] }
    }

    /// The events of one line (without its `\n`).
    public mutating func read(_ line: ArraySlice<UInt8>) -> [TranscriptRead] {
        guard let o = TranscriptLine.object(line, counts: &lines), let type = o["type"]?.stringValue else { return [] }
        if type == "user" || type == "assistant" {
            guard case .object(let message)? = o["message"], type == "assistant" || (message["content"] ?? .null) != .null else {
                lines.malformed += 1
                return []
            }
        }
        let uuid = o["uuid"]?.stringValue
        if let uuid, ["user", "assistant", "system", "attachment", "progress"].contains(type) {
            guard seen.insert(uuid).inserted else {
                lines.duplicate += 1
                return []
            }
        }
        let time = o["timestamp"]?.stringValue.flatMap(Timestamp.init(iso8601:))
        if let time {
            firstTime = min(firstTime ?? time, time)
            lastTime = max(lastTime ?? time, time)
        }
        if sessionID == nil { sessionID = o["sessionId"]?.stringValue }
        if agentID == nil { agentID = o["agentId"]?.stringValue }
        if type == "user" || type == "assistant", o["isSidechain"] == .bool(true) || o["agentId"]?.stringValue != nil { sidechain = true }
        let key = uuid.map { "cct:\($0)" } ?? "cct:h:\(TranscriptLine.hash(line))"
        let at = time ?? lastTime ?? Timestamp(milliseconds: 0)
        switch type {
        case "assistant": return assistant(o, key: key, at: at)
        case "user": return flush() + user(o, key: key, at: at)
        case "system" where o["subtype"]?.stringValue == "compact_boundary":
            var data: [String: JSONValue] = ["trigger": o["compactMetadata"]?["trigger"] ?? .null]
            data["pre_tokens"] = o["compactMetadata"]?["preTokens"]
            return flush() + [TranscriptRead(time: at, event: event("context.compacted", data, key: key))]
        default: return []
        }
    }

    /// The messages still open: call once the lines of this run are read.
    public mutating func finish() -> [TranscriptRead] { flush() }

    private mutating func assistant(_ o: [String: JSONValue], key: String, at: Timestamp) -> [TranscriptRead] {
        guard case .object(let m)? = o["message"] else { return [] }
        let model = m["model"]?.stringValue
        if model == "<synthetic>" { return [] }
        let id = m["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? key
        var reads: [TranscriptRead] = []
        if open[id] == nil { openOrder.append(id) }
        var message = open[id] ?? Message(time: at, model: model, key: "cct:msg:\(id)")
        if case .object(let usage)? = m["usage"] {
            for (short, field) in Self.usageFields {
                message.usage[short] = max(message.usage[short] ?? 0, usage[field]?.int64Value ?? 0)
            }
        }
        if case .array(let blocks)? = m["content"] {
            for block in blocks {
                switch block["type"]?.stringValue {
                case "text":
                    if let text = block["text"]?.stringValue, message.text.utf8.count < 4096 { message.text += String(text.prefix(4096)) }
                case "tool_use":
                    let toolID = block["id"]?.stringValue
                    var data: [String: JSONValue] = ["tool": block["name"] ?? "unknown", "input": HookMapping.capped(block["input"] ?? .null, HookMapping.maxInputBytes)]
                    data["tool_use_id"] = toolID.map(JSONValue.string)
                    data["message_id"] = .string(id)
                    if let toolID, started.count < 10_000 { started[toolID] = (block["name"] ?? "unknown", at) }
                    reads.append(TranscriptRead(time: at, event: event("tool.started", data, key: toolID.map { "cct:tu:\($0)" } ?? "\(key):tu")))
                default: break
                }
            }
        }
        open[id] = message
        return reads
    }

    private mutating func user(_ o: [String: JSONValue], key: String, at: Timestamp) -> [TranscriptRead] {
        let content = o["message"]?["content"] ?? .null
        if case .array(let blocks) = content, blocks.contains(where: { $0["type"] == "tool_result" }) {
            var reads: [TranscriptRead] = []
            for (index, block) in blocks.enumerated() {
                guard block["type"] == "tool_result" else { continue }
                let toolID = block["tool_use_id"]?.stringValue
                var data: [String: JSONValue] = ["outcome": block["is_error"] == .bool(true) ? "error" : "ok"]
                data["tool_use_id"] = toolID.map(JSONValue.string)
                if let toolID, let start = started.removeValue(forKey: toolID) {
                    data["tool"] = start.tool
                    data["duration_ms"] = .int(max(0, at.milliseconds(since: start.time)))
                }
                if block["is_error"] == .bool(true) { data["error"] = HookMapping.capped(block["content"] ?? .null, 2048) }
                reads.append(TranscriptRead(time: at, event: event("tool.call", data, key: toolID.map { "cct:tr:\($0)" } ?? "\(key):tr\(index)")))
            }
            return reads
        }
        if o["toolUseResult"] != nil || o["isCompactSummary"] == .bool(true) || o["isMeta"] == .bool(true) || o["isVisibleInTranscriptOnly"] == .bool(true) {
            return []
        }
        let text = Self.firstText(content)
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        let skipped = [
            "<local-command-stdout>", "<local-command-stderr>", "<bash-stdout>", "<bash-stderr>", "[Request interrupted by user",
            "<task-notification>", "<system-reminder>", "Caveat: The messages below",
        ]
        if skipped.contains(where: { trimmed.hasPrefix($0) }) { return [] }
        if trimmed.hasPrefix("<command-name>") || trimmed.hasPrefix("<command-message>") || trimmed.hasPrefix("<bash-input>") {
            return [TranscriptRead(time: at, event: event("user.command", ["text": HookMapping.capped(.string(String(trimmed)), 4096)], key: key))]
        }
        let sidechainLine = o["isSidechain"] == .bool(true) || o["agentId"]?.stringValue != nil
        let type = sidechainLine ? "subagent.task" : "user.prompt"
        return [TranscriptRead(time: at, event: event(type, ["prompt": HookMapping.capped(.string(text), HookMapping.maxPromptBytes)], key: key))]
    }

    /// Writes the open messages (or, for one stored before, what its usage grew by).
    private mutating func flush() -> [TranscriptRead] {
        var reads: [TranscriptRead] = []
        for id in openOrder {
            guard let message = open[id] else { continue }
            let usage = JSONValue.object(message.usage.mapValues { .int($0) })
            if let before = stored[id] {
                var delta: [String: Int64] = [:]
                for (field, now) in message.usage where now > before[field] ?? 0 { delta[field] = now - (before[field] ?? 0) }
                if !delta.isEmpty {
                    let key = message.key + ":+" + Self.usageFields.map { String(message.usage[$0.0] ?? 0) }.joined(separator: ",")
                    reads.append(TranscriptRead(time: message.time, event: event("assistant.usage", ["message_id": .string(id), "usage": .object(delta.mapValues { .int($0) })], key: key)))
                    stored[id] = message.usage.merging(before) { max($0, $1) }
                }
            } else {
                var data: [String: JSONValue] = ["message_id": .string(id), "usage": usage]
                data["model"] = message.model.map(JSONValue.string)
                if !message.text.isEmpty { data["text"] = .string(String(message.text.prefix(4096))) }
                reads.append(TranscriptRead(time: message.time, event: event("assistant.message", data, key: message.key)))
                stored[id] = message.usage
            }
            lastMessage = StoredMessage(id: id, usage: stored[id] ?? message.usage)
        }
        open = [:]
        openOrder = []
        return reads
    }

    private func event(_ type: String, _ data: [String: JSONValue], key: String) -> NewEvent {
        NewEvent(type: type, data: .object(data), source: Self.source, idempotencyKey: key)
    }

    static func firstText(_ content: JSONValue) -> String {
        switch content {
        case .string(let s): return s
        case .array(let blocks):
            for block in blocks {
                if case .string(let s) = block { return s }
                if block["type"] == "text", let text = block["text"]?.stringValue { return text }
            }
            return ""
        default: return ""
        }
    }

}

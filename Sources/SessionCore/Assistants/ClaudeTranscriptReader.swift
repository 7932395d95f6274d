internal import Crypto

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
public struct ClaudeTranscriptReader: Sendable {
    /// Source of the events, apart from the hooks' `claude-code`, so that counts can prefer one.
    public static let source = "claude-code/transcript"
    /// Longest line read; a longer one is skipped and counted (`oversized`).
    public static let maxLineBytes = 16 << 20

    /// What the lines were.
    public struct LineCounts: Sendable, Hashable {
        public var total = 0, blank = 0, nonJSON = 0, nonObject = 0, untyped = 0, malformed = 0, duplicate = 0, oversized = 0
        public init() {}
        /// Lines skipped as junk: what the importer reports.
        public var junk: Int { nonJSON + nonObject + untyped + malformed + oversized }
    }

    /// An event with its time from the file.
    public struct Read: Sendable, Hashable {
        public var time: Timestamp
        public var event: NewEvent
    }

    /// A message already stored, whose usage a later line may raise.
    public struct StoredMessage: Sendable, Hashable {
        public var id: String
        public var usage: [String: Int64]
        public init(id: String, usage: [String: Int64]) {
            self.id = id
            self.usage = usage
        }
    }

    public private(set) var lines = LineCounts()
    /// The session id the lines name (`sessionId`).
    public private(set) var sessionID: String?
    /// The subagent the lines belong to (`agentId`), if any.
    public private(set) var agentID: String?
    /// Whether the user and assistant lines are a subagent's (`isSidechain`).
    public private(set) var sidechain = false
    public private(set) var firstTime: Timestamp?
    public private(set) var lastTime: Timestamp?
    /// The newest message written, for the next run to continue.
    public private(set) var lastMessage: StoredMessage?

    private var seen: Set<String> = []
    private var open: [String: Message] = [:]
    private var openOrder: [String] = []
    private var stored: [String: [String: Int64]] = [:]

    private struct Message: Sendable {
        var time: Timestamp
        var model: String?
        var usage: [String: Int64] = [:]
        var text = ""
        var key: String
    }

    static let usageFields = [("input", "input_tokens"), ("output", "output_tokens"), ("cache_read", "cache_read_input_tokens"), ("cache_creation", "cache_creation_input_tokens")]

    public init(continuing last: StoredMessage? = nil) {
        if let last {
            stored[last.id] = last.usage
            lastMessage = last
        }
    }

    /// The events of one line (without its `\n`).
    public mutating func read(_ line: ArraySlice<UInt8>) -> [Read] {
        lines.total += 1
        guard line.count <= Self.maxLineBytes else {
            lines.oversized += 1
            return []
        }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else {
            lines.blank += 1
            return []
        }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(Array(line), limits: JSONParser.Limits(maxDepth: 128, maxBytes: Self.maxLineBytes, maxStringBytes: Self.maxLineBytes))
        } catch {
            lines.nonJSON += 1
            return []
        }
        guard case .object(let o) = parsed else {
            lines.nonObject += 1
            return []
        }
        guard let type = o["type"]?.stringValue else {
            lines.untyped += 1
            return []
        }
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
        let key = uuid.map { "cct:\($0)" } ?? "cct:h:\(Self.hash(line))"
        let at = time ?? lastTime ?? Timestamp(milliseconds: 0)
        switch type {
        case "assistant": return assistant(o, key: key, at: at)
        case "user": return flush() + user(o, key: key, at: at)
        case "system" where o["subtype"]?.stringValue == "compact_boundary":
            var data: [String: JSONValue] = ["trigger": o["compactMetadata"]?["trigger"] ?? .null]
            data["pre_tokens"] = o["compactMetadata"]?["preTokens"]
            return flush() + [Read(time: at, event: event("context.compacted", data, key: key))]
        default: return []
        }
    }

    /// The messages still open: call once the lines of this run are read.
    public mutating func finish() -> [Read] { flush() }

    private mutating func assistant(_ o: [String: JSONValue], key: String, at: Timestamp) -> [Read] {
        guard case .object(let m)? = o["message"] else { return [] }
        let model = m["model"]?.stringValue
        if model == "<synthetic>" { return [] }
        let id = m["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? key
        var reads: [Read] = []
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
                    reads.append(Read(time: at, event: event("tool.started", data, key: toolID.map { "cct:tu:\($0)" } ?? "\(key):tu")))
                default: break
                }
            }
        }
        open[id] = message
        return reads
    }

    private mutating func user(_ o: [String: JSONValue], key: String, at: Timestamp) -> [Read] {
        let content = o["message"]?["content"] ?? .null
        if case .array(let blocks) = content, blocks.contains(where: { $0["type"] == "tool_result" }) {
            return blocks.enumerated().compactMap { index, block in
                guard block["type"] == "tool_result" else { return nil }
                let toolID = block["tool_use_id"]?.stringValue
                var data: [String: JSONValue] = ["outcome": block["is_error"] == .bool(true) ? "error" : "ok"]
                data["tool_use_id"] = toolID.map(JSONValue.string)
                if block["is_error"] == .bool(true) { data["error"] = HookMapping.capped(block["content"] ?? .null, 2048) }
                return Read(time: at, event: event("tool.call", data, key: toolID.map { "cct:tr:\($0)" } ?? "\(key):tr\(index)"))
            }
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
            return [Read(time: at, event: event("user.command", ["text": HookMapping.capped(.string(String(trimmed)), 4096)], key: key))]
        }
        let sidechainLine = o["isSidechain"] == .bool(true) || o["agentId"]?.stringValue != nil
        let type = sidechainLine ? "subagent.task" : "user.prompt"
        return [Read(time: at, event: event(type, ["prompt": HookMapping.capped(.string(text), HookMapping.maxPromptBytes)], key: key))]
    }

    /// Writes the open messages (or, for one stored before, what its usage grew by).
    private mutating func flush() -> [Read] {
        var reads: [Read] = []
        for id in openOrder {
            guard let message = open[id] else { continue }
            let usage = JSONValue.object(message.usage.mapValues { .int($0) })
            if let before = stored[id] {
                var delta: [String: Int64] = [:]
                for (field, now) in message.usage where now > before[field] ?? 0 { delta[field] = now - (before[field] ?? 0) }
                if !delta.isEmpty {
                    let key = message.key + ":+" + Self.usageFields.map { String(message.usage[$0.0] ?? 0) }.joined(separator: ",")
                    reads.append(Read(time: message.time, event: event("assistant.usage", ["message_id": .string(id), "usage": .object(delta.mapValues { .int($0) })], key: key)))
                    stored[id] = message.usage.merging(before) { max($0, $1) }
                }
            } else {
                var data: [String: JSONValue] = ["message_id": .string(id), "usage": usage]
                data["model"] = message.model.map(JSONValue.string)
                if !message.text.isEmpty { data["text"] = .string(String(message.text.prefix(4096))) }
                reads.append(Read(time: message.time, event: event("assistant.message", data, key: message.key)))
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

    static func hash(_ bytes: ArraySlice<UInt8>) -> String {
        Hex.encode(Array(SHA256.hash(data: Array(bytes)).prefix(12)))
    }
}

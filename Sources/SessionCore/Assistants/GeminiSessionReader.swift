/// Reads a Gemini CLI saved session (`~/.gemini/tmp/<project hash>/chats/session-*.json`: one
/// JSON document, rewritten as the session goes on) or its prompt log (`logs.json`) into events,
/// by the counting rules of the shared corpus's `truth.py` (docs/ASSISTANTS.md lists them):
///
/// - `user.prompt` per `user` message (`user.command` for one starting with `/`);
/// - `assistant.message` per `gemini` message with its model and tokens: `input` made uncached
///   (Gemini's input includes the cached part) and `output` with the thoughts in it (Gemini counts
///   them apart; every assistant's `output` includes reasoning);
/// - per tool call, `tool.started` and `tool.call` (outcome from `status`, duration to the result's
///   time), and `subagent.started` for `delegate_to_agent`;
/// - from a prompt log, `user.prompt` per `user` entry, under its own source, so that a session
///   with both counts its prompts once.
///
/// Messages are deduplicated by id and keyed by it (`gem:…`), so a rewritten file adds only what
/// is new. Pure: no files, no clock.
public enum GeminiSessionReader {
    public static let source = "gemini/transcript"
    public static let promptLogSource = "gemini/prompt-log"

    /// One session's events and what the file says about it.
    public struct Session: Sendable, Hashable {
        public var sessionID: String
        public var startTime: Timestamp?
        public var lastTime: Timestamp?
        public var projectHash: String?
        public var reads: [TranscriptRead] = []
        /// Messages and entries that were not objects: junk.
        public var skipped = 0
        /// Messages and entries read.
        public var records = 0
    }

    /// The sessions of a document: one for a saved session, one per session id for a prompt log;
    /// empty when it is neither.
    public static func read(_ document: JSONValue) -> [Session] {
        switch document {
        case .array(let entries): return promptLog(entries)
        case .object(let o): return savedSession(o).map { [$0] } ?? []
        default: return []
        }
    }

    static func savedSession(_ o: [String: JSONValue]) -> Session? {
        guard let id = o["sessionId"]?.stringValue, case .array(let messages)? = o["messages"] else { return nil }
        var session = Session(sessionID: id, projectHash: o["projectHash"]?.stringValue)
        var times = [o["startTime"], o["lastUpdated"]].compactMap { $0?.stringValue.flatMap(Timestamp.init(iso8601:)) }
        var seen: Set<String> = []
        for message in messages {
            session.records += 1
            guard case .object(let m) = message else {
                session.skipped += 1
                continue
            }
            let messageID = m["id"]?.stringValue
            if let messageID, !seen.insert(messageID).inserted { continue }  // the same message again
            let time = m["timestamp"]?.stringValue.flatMap(Timestamp.init(iso8601:))
            if let time { times.append(time) }
            let at = time ?? times.max() ?? Timestamp(milliseconds: 0)
            let key = "gem:msg:" + (messageID ?? "h:" + TranscriptLine.hash(ArraySlice(JSONWriter.bytes(message))))
            switch m["type"]?.stringValue {
            case "user":
                let text = m["content"]?.stringValue ?? ClaudeTranscriptReader.firstText(m["content"] ?? .null)
                if text.drop(while: { $0.isWhitespace }).hasPrefix("/") {
                    session.reads.append(read(at, "user.command", ["text": HookMapping.capped(.string(text), 4096)], key: key))
                } else {
                    session.reads.append(read(at, "user.prompt", ["prompt": HookMapping.capped(.string(text), HookMapping.maxPromptBytes)], key: key))
                }
            case "gemini":
                session.reads += assistant(m, at: at, key: key, messageID: messageID)
            default:
                break
            }
        }
        session.startTime = times.min()
        session.lastTime = times.max()
        return session
    }

    static func assistant(_ m: [String: JSONValue], at: Timestamp, key: String, messageID: String?) -> [TranscriptRead] {
        let t = m["tokens"]
        let input = t?["input"]?.int64Value ?? 0, cached = t?["cached"]?.int64Value ?? 0, thoughts = t?["thoughts"]?.int64Value ?? 0
        let usage: JSONValue = [
            "input": .int(max(0, input - cached)), "output": .int((t?["output"]?.int64Value ?? 0) + thoughts), "cache_read": .int(cached), "cache_creation": 0,
            "reasoning_output": .int(thoughts),
        ]
        var data: [String: JSONValue] = ["message_id": .string(messageID ?? key), "usage": usage, "text": .string(String((m["content"]?.stringValue ?? "").prefix(4096)))]
        data["model"] = m["model"]
        var reads = [read(at, "assistant.message", data, key: key)]
        var anonymous = 0
        for call in m["toolCalls"]?.arrayValue ?? [] {
            guard case .object(let c) = call else { continue }
            let callID = c["id"]?.stringValue
            let callKey = callID ?? {
                anonymous += 1
                return "\(key):\(anonymous)"
            }()
            let tool = c["name"] ?? "unknown"
            var started: [String: JSONValue] = ["tool": tool, "input": HookMapping.capped(c["args"] ?? .null, HookMapping.maxInputBytes)]
            started["tool_use_id"] = callID.map(JSONValue.string)
            reads.append(read(at, "tool.started", started, key: "gem:tu:\(callKey)"))
            let ended = c["timestamp"]?.stringValue.flatMap(Timestamp.init(iso8601:)) ?? at
            let ok = c["status"] == "success"
            var result: [String: JSONValue] = ["tool": tool, "outcome": ok ? "ok" : "error", "duration_ms": .int(max(0, ended.milliseconds(since: at)))]
            result["tool_use_id"] = callID.map(JSONValue.string)
            if !ok { result["error"] = HookMapping.capped(c["resultDisplay"] ?? c["status"] ?? .null, 2048) }
            reads.append(read(max(at, ended), "tool.call", result, key: "gem:tr:\(callKey)"))
            if tool == "delegate_to_agent" {
                reads.append(read(at, "subagent.started", ["kind": "delegate_to_agent", "tool_use_id": callID.map(JSONValue.string) ?? .null], key: "gem:sa:\(callKey)"))
            }
        }
        return reads
    }

    static func promptLog(_ entries: [JSONValue]) -> [Session] {
        var sessions: [String: Session] = [:]
        var order: [String] = []
        for entry in entries {
            guard case .object(let e) = entry, let id = e["sessionId"]?.stringValue else { continue }
            var session = sessions[id] ?? {
                order.append(id)
                return Session(sessionID: id)
            }()
            session.records += 1
            let time = e["timestamp"]?.stringValue.flatMap(Timestamp.init(iso8601:))
            if let time {
                session.startTime = min(session.startTime ?? time, time)
                session.lastTime = max(session.lastTime ?? time, time)
            }
            if e["type"] == "user" {
                let at = time ?? session.lastTime ?? Timestamp(milliseconds: 0)
                let key = "gem:log:\(id):\(e["messageId"].map(JSONWriter.string) ?? String(at.milliseconds))"
                let prompt = HookMapping.capped(e["message"] ?? "", HookMapping.maxPromptBytes)
                session.reads.append(TranscriptRead(time: at, event: NewEvent(type: "user.prompt", data: ["prompt": prompt], source: promptLogSource, idempotencyKey: key)))
            }
            sessions[id] = session
        }
        return order.compactMap { sessions[$0] }
    }

    static func read(_ time: Timestamp, _ type: String, _ data: [String: JSONValue], key: String) -> TranscriptRead {
        TranscriptRead(time: time, event: NewEvent(type: type, data: .object(data), source: source, idempotencyKey: key))
    }
}

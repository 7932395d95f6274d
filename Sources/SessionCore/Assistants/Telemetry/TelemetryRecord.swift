/// One OpenTelemetry log record or metric point of an assistant, as an event on its session:
/// the assistant and its session id (`session.id`; Codex: `conversation.id`) name the session
/// (`claude-code:<session.id>`, the one hooks and imports write to).
public struct TelemetryRecord: Sendable, Hashable {
    public var kind: AssistantKind
    public var sessionID: String
    public var time: Timestamp
    public var event: NewEvent

    /// The assistant that sent a record: its resource's `service.name`, else the prefix of its
    /// event or metric name (`claude_code.`, `codex.`, `gemini_cli.`), else its scope.
    static func assistant(service: String?, name: String, scope: String?) -> AssistantKind? {
        switch service?.lowercased() {
        case "claude-code", "claude_code": return .claudeCode
        case "gemini-cli", "gemini_cli": return .gemini
        case let s? where s.hasPrefix("codex"): return .codex
        default: break
        }
        if name.hasPrefix("claude_code.") || scope == "com.anthropic.claude_code" { return .claudeCode }
        if name.hasPrefix("codex.") { return .codex }
        if name.hasPrefix("gemini_cli.") { return .gemini }
        return nil
    }

    /// The session id among a record's attributes.
    static func sessionID(_ attributes: [String: JSONValue], resource: [String: JSONValue]) -> String? {
        for key in ["session.id", "conversation.id", "session_id"] {
            if let id = attributes[key]?.stringValue ?? resource[key]?.stringValue, !id.isEmpty, id.utf8.count <= 200 { return id }
        }
        return nil
    }

    /// The event's key: a hash of what the record says, so that an exporter's retry adds nothing.
    static func key(_ parts: [JSONValue]) -> String {
        "otel:" + TranscriptLine.hash(ArraySlice(JSONWriter.bytes(.array(parts))))
    }

    /// The source of a kind's telemetry events: `claude-code/otel`.
    static func source(_ kind: AssistantKind) -> String { kind.rawValue + "/otel" }
}

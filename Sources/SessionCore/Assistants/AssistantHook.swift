/// One hook invocation as an assistant delivers it on stdin: a JSON object naming the event
/// (`hook_event_name`) and the assistant's session (`session_id`).
public struct AssistantHook: Sendable, Hashable {
    public var kind: AssistantKind
    /// `hook_event_name` as sent (`PreToolUse`, `SessionStart`, …).
    public var event: String
    /// The assistant's own session id.
    public var sessionID: String
    /// Set when the hook fired inside a subagent (`agent_id`).
    public var agentID: String?
    public var agentType: String?
    /// The whole payload.
    public var payload: [String: JSONValue]

    public init(kind: AssistantKind, event: String, sessionID: String, agentID: String? = nil, agentType: String? = nil, payload: [String: JSONValue]) {
        self.kind = kind
        self.event = event
        self.sessionID = sessionID
        self.agentID = agentID
        self.agentType = agentType
        self.payload = payload
    }

    /// Why a payload could not be recorded at all.
    public enum Rejection: String, Sendable, Hashable, Error {
        /// Not JSON, or not an object.
        case notJSON = "not_json"
        /// No `session_id` string.
        case noSessionID = "no_session_id"
        /// Larger than the hook limit.
        case tooLarge = "too_large"
    }

    /// Largest hook payload read: a tool response can be big, but a hook is not an upload.
    public static let maxPayloadBytes = 8 << 20

    /// Parses a payload. A missing or unknown `hook_event_name` is kept as `unknown`: recorded
    /// as a generic event, never rejected.
    public static func parse(_ bytes: [UInt8], kind: AssistantKind) -> Result<AssistantHook, Rejection> {
        guard bytes.count <= maxPayloadBytes else { return .failure(.tooLarge) }
        let limits = JSONParser.Limits(maxDepth: 64, maxBytes: maxPayloadBytes, maxStringBytes: maxPayloadBytes)
        guard let value = try? JSONParser.parse(bytes, limits: limits), case .object(let payload) = value else {
            return .failure(.notJSON)
        }
        guard let sessionID = payload["session_id"]?.stringValue, !sessionID.isEmpty,
            sessionID.utf8.count <= SessionSpec.maxFieldLength / 2
        else { return .failure(.noSessionID) }
        let event = payload["hook_event_name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        let agentID = payload["agent_id"]?.stringValue.flatMap { $0.isEmpty || $0.utf8.count > 100 ? nil : $0 }
        return .success(
            AssistantHook(kind: kind, event: event, sessionID: sessionID, agentID: agentID, agentType: payload["agent_type"]?.stringValue, payload: payload))
    }

    /// A string field of the payload.
    public func string(_ key: String) -> String? { payload[key]?.stringValue }
}

/// The AI assistants sessiond understands natively. The raw value is the application their
/// sessions are stored under and the prefix of their references (`claude-code:<session_id>`).
public enum AssistantKind: String, Sendable, Hashable, CaseIterable {
    case claudeCode = "claude-code"
    case codex
    case gemini

    /// The application name their sessions carry.
    public var application: String { rawValue }

    /// How `sessiond show` names the session the assistant calls `sessionID`.
    public func reference(_ sessionID: String) -> SessionReference {
        .external(application: application, externalID: sessionID)
    }

    /// The external id of a subagent's child session: `<session_id>/<agent_id>`.
    public static func subagentExternalID(session sessionID: String, agent agentID: String) -> String {
        "\(sessionID)/\(agentID)"
    }
}

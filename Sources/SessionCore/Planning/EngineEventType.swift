/// The types of the events the engine records. `session.*` is reserved for them: a client's
/// event of such a type is refused (see ``EventLimits``).
public enum EngineEventType {
    /// What every engine event type starts with.
    public static let prefix = "session."
    /// A session was created: application, policy, parent, external id, project, labels.
    public static let created = "session.created"
    /// The lifecycle moved: `from`, `to`, `trigger`, `reason`.
    public static let stateChanged = "session.state_changed"
    /// The end flow ran: the session's final metrics.
    public static let ended = "session.ended"
    /// The sweeper warned of an expiry: `fraction`, `expires_at`, `remaining_ms`.
    public static let timeoutWarning = "session.timeout_warning"
    /// A command was undone: `undone_seq`, with the inverse delta.
    public static let undo = "session.undo"
    /// An undone command was re-applied: `redone_seq`, with its delta.
    public static let redo = "session.redo"
    /// A client reattached: `last_seq`.
    public static let recovered = "session.recovered"

    /// Whether `type` is reserved for the engine.
    public static func isEngine(_ type: String) -> Bool { type.hasPrefix(prefix) }
}

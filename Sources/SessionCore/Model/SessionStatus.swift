/// Where a session is in its lifecycle.
///
/// A closed set: a new case is a major version. See ``SessionLifecycle`` for the moves.
public enum SessionStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case initializing
    case active
    case idle
    case suspended
    case completed
    case failed
    case expired
    case terminated
    case archived

    /// Initializing, active, idle or suspended: the session can still change.
    public var isLive: Bool {
        switch self {
        case .initializing, .active, .idle, .suspended: return true
        case .completed, .failed, .expired, .terminated, .archived: return false
        }
    }

    /// Completed, failed, expired or terminated: the session has ended (archived ones too).
    public var hasEnded: Bool { !isLive }

    public static let live: [SessionStatus] = [.initializing, .active, .idle, .suspended]
}

/// How a session ended, for health statistics.
public enum SessionOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    /// Completed by its client.
    case ok
    /// Failed as reported by its client.
    case errored
    /// Lost: heartbeats stopped, or it went stale.
    case crashed
    /// Nobody finished it: expired, or terminated by an admin or its parent.
    case abandoned
}

/// What happens to a session's live children when it ends.
public enum ClosePolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Terminate them with reason `parent_closed` (the default).
    case terminate
    /// Leave them running.
    case abandon
}

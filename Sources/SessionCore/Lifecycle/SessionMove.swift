/// A lifecycle move a client asks for: `POST /v1/sessions/{id}/{move}`, `sessiond {move} ID`.
///
/// The engine's own triggers (activity, idle timeouts, expiry, a lost heartbeat, a parent's
/// close) are not moves: nobody asks for them, the sweeper and the close policy apply them.
public enum SessionMove: String, Sendable, Hashable, CaseIterable {
    /// An initializing session becomes active.
    case start
    /// Detaches: an active or idle session is suspended (no idle timeouts) until resumed.
    case suspend
    /// Attaches again: a suspended session becomes active.
    case resume
    /// Ends gracefully: `completed`, outcome `ok`.
    case end
    /// Ends as failed by its client: `failed`, outcome `errored`.
    case fail
    /// An operator's end: `terminated`, outcome `abandoned`.
    case terminate

    /// The lifecycle trigger the move applies.
    public var trigger: SessionLifecycle.Trigger {
        switch self {
        case .start: .start
        case .suspend: .suspend
        case .resume: .resume
        case .end: .end
        case .fail: .fail
        case .terminate: .terminate
        }
    }
}

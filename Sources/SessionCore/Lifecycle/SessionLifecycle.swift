/// The session state machine: which trigger moves which status where.
///
/// Every status change in sessiond goes through ``target(from:on:)``; an illegal move throws
/// `invalid_transition` and is never a silent no-op. Pure: no clock, no storage.
///
/// ```
/// initializing -> active <-> idle          (activity brings idle back to active)
/// active|idle <-> suspended                (explicit detach/attach)
/// live -> completed | failed | expired | terminated
/// completed|failed|expired|terminated -> archived
/// completed|failed|expired|terminated -> active   (reopen: the tool carried on with it)
/// ```
public enum SessionLifecycle {
    /// Why the status would change.
    public enum Trigger: String, Sendable, Hashable, CaseIterable {
        /// The client starts an initializing session.
        case start
        /// A client event or a recovery: initializing or idle becomes active.
        case activity
        /// The sweeper saw no activity for `idle_after`.
        case idleTimeout = "idle_timeout"
        case suspend
        case resume
        /// The client ends the session gracefully.
        case end
        /// The client reports failure.
        case fail
        /// Three promised heartbeats were missed.
        case heartbeatLost = "heartbeat_lost"
        /// `recover` found the session past its limits.
        case stale
        /// Idle past `expire_after`, or older than `max_duration`.
        case expire
        /// An admin terminated it.
        case terminate
        /// Its parent ended with close policy `terminate`.
        case parentClosed = "parent_closed"
        /// Retention moved its events out.
        case archive
        /// The tool behind an ended session carries on with it (an assistant's `--resume`):
        /// it is active again, and its end time, reason, outcome and final metrics are cleared.
        case reopen
    }

    /// The status `trigger` moves `status` to; `nil` when the trigger leaves it where it is
    /// (activity on an active session).
    ///
    /// - Throws: `invalid_transition` for a move the lifecycle does not allow.
    public static func target(from status: SessionStatus, on trigger: Trigger) throws(SessionError) -> SessionStatus? {
        switch (status, trigger) {
        case (.initializing, .start), (.initializing, .activity): return .active
        case (.active, .activity), (.suspended, .activity): return nil
        case (.idle, .activity): return .active
        case (.active, .idleTimeout): return .idle
        case (.active, .suspend), (.idle, .suspend): return .suspended
        case (.suspended, .resume): return .active
        case (let s, .end) where s.isLive: return .completed
        case (let s, .fail) where s.isLive: return .failed
        case (let s, .heartbeatLost) where s.isLive: return .failed
        case (let s, .stale) where s.isLive: return .failed
        case (let s, .expire) where s.isLive: return .expired
        case (let s, .terminate) where s.isLive: return .terminated
        case (let s, .parentClosed) where s.isLive: return .terminated
        case (.completed, .archive), (.failed, .archive), (.expired, .archive), (.terminated, .archive): return .archived
        case (.completed, .reopen), (.failed, .reopen), (.expired, .reopen), (.terminated, .reopen): return .active
        default:
            if status.hasEnded {
                throw SessionError(.invalidTransition, "session is \(status.rawValue) and cannot \(trigger.rawValue)")
            }
            throw SessionError(.invalidTransition, "cannot \(trigger.rawValue) a session that is \(status.rawValue)")
        }
    }

    /// The health outcome of a session that reached `status` through `trigger`.
    public static func outcome(of status: SessionStatus, trigger: Trigger) -> SessionOutcome? {
        switch status {
        case .completed: return .ok
        case .failed: return trigger == .fail ? .errored : .crashed
        case .expired, .terminated: return .abandoned
        case .initializing, .active, .idle, .suspended, .archived: return nil
        }
    }

    /// The end reason recorded when the caller gives none.
    public static func defaultReason(for trigger: Trigger) -> String {
        switch trigger {
        case .end: return "completed"
        case .fail: return "client_failed"
        case .heartbeatLost: return "heartbeat_lost"
        case .stale: return "timeout"
        case .expire: return "idle_timeout"
        case .terminate: return "terminated"
        case .parentClosed: return "parent_closed"
        case .start, .activity, .idleTimeout, .suspend, .resume, .archive, .reopen: return trigger.rawValue
        }
    }
}

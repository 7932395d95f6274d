/// What the sweeper must do to one session at a given time, and when to look again.
///
/// Pure and idempotent: the engine re-evaluates it on the freshly locked row, so a second pass
/// at the same `now` finds nothing left to do.
public struct SweepDecision: Sendable, Hashable {
    /// A timeout warning to announce: the index into `warn_at` and when the session expires.
    public struct Warning: Sendable, Hashable {
        public var pointIndex: Int
        public var fraction: Double
        public var expiresAt: Timestamp
    }

    /// A terminal move: `expire` or `heartbeat_lost`, with its reason.
    public var end: (trigger: SessionLifecycle.Trigger, reason: String)?
    /// Active for too long without activity: becomes idle.
    public var goIdle: Bool
    /// The newest warning point passed since the last announced one.
    public var warning: Warning?

    public var isEmpty: Bool { end == nil && !goIdle && warning == nil }

    public static func == (lhs: SweepDecision, rhs: SweepDecision) -> Bool {
        lhs.end?.trigger == rhs.end?.trigger && lhs.end?.reason == rhs.end?.reason && lhs.goIdle == rhs.goIdle
            && lhs.warning == rhs.warning
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(end?.trigger)
        hasher.combine(end?.reason)
        hasher.combine(goIdle)
        hasher.combine(warning)
    }

    /// Decides for `session` at `now`.
    public static func decide(_ session: Session, now: Timestamp) -> SweepDecision {
        var decision = SweepDecision(end: nil, goIdle: false, warning: nil)
        guard session.status.isLive else { return decision }
        let policy = session.policy
        if let max = policy.maxDuration, now >= session.createdAt.adding(max) {
            decision.end = (.expire, "max_duration")
            return decision
        }
        if session.status == .suspended { return decision }
        let quiet = now.milliseconds(since: session.lastSeenAt)
        if let interval = policy.heartbeatInterval, quiet >= interval.milliseconds * SessionPolicy.missedHeartbeatLimit {
            decision.end = (.heartbeatLost, "heartbeat_lost")
            return decision
        }
        if let expireAfter = policy.expireAfter, quiet >= expireAfter.milliseconds {
            decision.end = (.expire, "idle_timeout")
            return decision
        }
        if session.status == .active, now.milliseconds(since: session.lastActivityAt) >= policy.idleAfter.milliseconds {
            decision.goIdle = true
        }
        guard let expireAfter = policy.expireAfter else { return decision }
        let passed = policy.warnAt.lastIndex { quiet >= warningOffset($0, expireAfter) }.map { $0 + 1 } ?? 0
        if passed > session.tracking.warningsSent {
            decision.warning = Warning(
                pointIndex: passed - 1, fraction: policy.warnAt[passed - 1],
                expiresAt: session.lastSeenAt.adding(expireAfter))
        }
        return decision
    }

    /// The earliest time at which ``decide(_:now:)`` may find something to do; `nil` if never.
    public static func nextCheck(_ session: Session) -> Timestamp? {
        guard session.status.isLive else { return nil }
        let policy = session.policy
        var times: [Timestamp] = []
        if let max = policy.maxDuration { times.append(session.createdAt.adding(max)) }
        if session.status != .suspended {
            let seen = session.lastSeenAt
            if let expireAfter = policy.expireAfter { times.append(seen.adding(expireAfter)) }
            if let interval = policy.heartbeatInterval {
                times.append(Timestamp(milliseconds: seen.milliseconds + interval.milliseconds * SessionPolicy.missedHeartbeatLimit))
            }
            if session.status == .active { times.append(session.lastActivityAt.adding(policy.idleAfter)) }
            let sent = session.tracking.warningsSent
            if sent < policy.warnAt.count, let expireAfter = policy.expireAfter {
                times.append(Timestamp(milliseconds: seen.milliseconds + warningOffset(policy.warnAt[sent], expireAfter)))
            }
        }
        return times.min()
    }

    static func warningOffset(_ fraction: Double, _ expireAfter: Duration) -> Int64 {
        Int64((Double(expireAfter.milliseconds) * fraction).rounded(.up))
    }
}

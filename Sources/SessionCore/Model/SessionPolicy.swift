/// The timeouts and rules the server enforces on one session.
public struct SessionPolicy: Sendable, Hashable {
    /// Without activity for this long, an active session becomes idle. Default 5 minutes.
    public var idleAfter: Duration
    /// Without activity or heartbeat for this long, a session expires. Default 1 hour; `nil`
    /// (`"expire_after_ms": null`) never expires it: what a conversation store wants, whose
    /// sessions wait, idle, for their user to come back.
    public var expireAfter: Duration?
    /// Fractions of ``expireAfter`` at which `session.timeout_warning` events are emitted.
    /// Default 50%, 80% and 95%; none when the session never expires.
    public var warnAt: [Double]
    /// A session older than this expires whatever its activity. Default: none.
    public var maxDuration: Duration?
    /// The interval at which the client promised heartbeats; three missed ones fail the
    /// session with `heartbeat_lost`. Default: none promised.
    public var heartbeatInterval: Duration?
    /// What happens to live children when this session ends. Default ``ClosePolicy/terminate``.
    public var closePolicy: ClosePolicy

    public init(
        idleAfter: Duration = .seconds(300),
        expireAfter: Duration? = SessionPolicy.defaultExpireAfter,
        warnAt: [Double] = [0.5, 0.8, 0.95],
        maxDuration: Duration? = nil,
        heartbeatInterval: Duration? = nil,
        closePolicy: ClosePolicy = .terminate
    ) {
        self.idleAfter = idleAfter
        self.expireAfter = expireAfter
        self.warnAt = warnAt
        self.maxDuration = maxDuration
        self.heartbeatInterval = heartbeatInterval
        self.closePolicy = closePolicy
    }

    /// ``expireAfter`` unless a policy says otherwise: 1 hour.
    public static let defaultExpireAfter: Duration = .seconds(3600)

    /// Missed heartbeats after which a session is lost.
    public static let missedHeartbeatLimit: Int64 = 3

    /// Longest duration accepted (exclusive), as `DurationText` does: keeps time arithmetic far from overflow.
    static let durationLimitMs: Int64 = 9_000_000_000_000_000

    /// Checks the ranges: positive durations (under 9e15 ms), warning points in (0, 1).
    public func validated() throws(SessionError) -> SessionPolicy {
        func positive(_ d: Duration?, _ name: String) throws(SessionError) {
            if let d, d.milliseconds <= 0 { throw SessionError(.invalidArgument, "\(name) must be positive") }
            if let d, d.milliseconds >= Self.durationLimitMs {
                throw SessionError(.invalidArgument, "\(name) must be shorter than \(Self.durationLimitMs) ms")
            }
        }
        try positive(idleAfter, "idle_after")
        try positive(expireAfter, "expire_after")
        try positive(maxDuration, "max_duration")
        try positive(heartbeatInterval, "heartbeat_interval")
        if warnAt.count > 16 || warnAt.contains(where: { !($0 > 0 && $0 < 1) }) {
            throw SessionError(.invalidArgument, "warn_at takes at most 16 fractions between 0 and 1")
        }
        var copy = self
        copy.warnAt = Array(Set(warnAt)).sorted()
        return copy
    }
}

extension SessionPolicy {
    /// The policy as stored and shown: durations in milliseconds, snake_case keys.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "idle_after_ms": .int(idleAfter.milliseconds),
            "expire_after_ms": expireAfter.map { .int($0.milliseconds) } ?? .null,
            "warn_at": .array(warnAt.map { .double($0) }),
            "close_policy": .string(closePolicy.rawValue),
        ]
        if let maxDuration { o["max_duration_ms"] = .int(maxDuration.milliseconds) }
        if let heartbeatInterval { o["heartbeat_interval_ms"] = .int(heartbeatInterval.milliseconds) }
        return .object(o)
    }

    /// Reads a policy from its JSON form; absent keys keep their defaults, and
    /// `"expire_after_ms": null` means the session never expires.
    public init(json: JSONValue) throws(SessionError) {
        guard case .object(let o) = json else { throw SessionError(.invalidArgument, "policy must be an object") }
        self.init()
        func duration(_ key: String) throws(SessionError) -> Duration? {
            guard let value = o[key], value != .null else { return nil }
            guard let ms = value.int64Value else { throw SessionError(.invalidArgument, "\(key) must be an integer") }
            return .milliseconds(ms)
        }
        if let d = try duration("idle_after_ms") { idleAfter = d }
        if o["expire_after_ms"] == .null { expireAfter = nil } else if let d = try duration("expire_after_ms") { expireAfter = d }
        maxDuration = try duration("max_duration_ms")
        heartbeatInterval = try duration("heartbeat_interval_ms")
        if let warn = o["warn_at"] {
            guard case .array(let points) = warn else { throw SessionError(.invalidArgument, "warn_at must be an array") }
            var fractions: [Double] = []
            for point in points {
                guard let d = point.doubleValue else { throw SessionError(.invalidArgument, "warn_at takes numbers") }
                fractions.append(d)
            }
            warnAt = fractions
        }
        if let close = o["close_policy"] {
            guard let raw = close.stringValue, let policy = ClosePolicy(rawValue: raw) else {
                throw SessionError(.invalidArgument, "close_policy must be terminate or abandon")
            }
            closePolicy = policy
        }
        self = try validated()
    }
}

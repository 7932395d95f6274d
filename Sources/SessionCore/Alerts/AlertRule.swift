/// One alert rule: what to measure, when it is bad, how urgent it is.
///
/// The defaults (``defaults``) mirror `deploy/prometheus/alerts.yml`; names are the
/// Prometheus alert names so both sides can be told apart only by where they come from.
public struct AlertRule: Sendable, Hashable, Identifiable {
    /// The alert name, e.g. `SessiondFailureRateHigh`.
    public var id: String
    public var kind: AlertKind
    /// The limit: a ratio for ``AlertKind/failureRate`` and ``AlertKind/diskFree``, bytes for
    /// ``AlertKind/memory`` and ``AlertKind/databaseSize``, a count for
    /// ``AlertKind/persistenceFailures`` (fires above it), and `k` (MADs above the median) for
    /// ``AlertKind/durationAnomaly``.
    public var threshold: Double
    /// The window in milliseconds that measurements look back over (0 for a gauge).
    public var windowMs: Int64
    /// Fewest samples before the rule may fire: ended sessions in the window (failure rate,
    /// and the recent side of the duration anomaly).
    public var minimumCount: Int
    /// For ``AlertKind/durationAnomaly``: how far back the baseline reaches, in milliseconds,
    /// and how many baseline sessions it needs.
    public var baselineMs: Int64
    public var baselineMinimumCount: Int
    public var severity: AlertSeverity

    public init(
        id: String, kind: AlertKind, threshold: Double, windowMs: Int64 = 0, minimumCount: Int = 0, baselineMs: Int64 = 0,
        baselineMinimumCount: Int = 0, severity: AlertSeverity
    ) {
        self.id = id
        self.kind = kind
        self.threshold = threshold
        self.windowMs = windowMs
        self.minimumCount = minimumCount
        self.baselineMs = baselineMs
        self.baselineMinimumCount = baselineMinimumCount
        self.severity = severity
    }

    static let minute: Int64 = 60_000

    /// More than 20 % of the sessions ended in the last 15 minutes failed, with at least 10 ended.
    public static let failureRateHigh = AlertRule(
        id: "SessiondFailureRateHigh", kind: .failureRate, threshold: 0.2, windowMs: 15 * minute, minimumCount: 10, severity: .warning)
    /// An application's median duration over the last hour is above its 7-day median + 5 MAD,
    /// with at least 5 sessions in the hour and 10 in the baseline.
    public static let sessionDurationAnomaly = AlertRule(
        id: "SessiondSessionDurationAnomaly", kind: .durationAnomaly, threshold: 5, windowMs: 60 * minute, minimumCount: 5,
        baselineMs: 7 * 24 * 60 * minute, baselineMinimumCount: 10, severity: .warning)
    /// Less than 10 % of the database's file system is free (SQLite only).
    public static let diskFreeLow = AlertRule(id: "SessiondDiskFreeLow", kind: .diskFree, threshold: 0.1, severity: .critical)
    /// Resident memory above 1.5 GiB.
    public static let memoryHigh = AlertRule(id: "SessiondMemoryHigh", kind: .memory, threshold: 1.5 * 1024 * 1024 * 1024, severity: .warning)
    /// Database above 10 GiB.
    public static let databaseLarge = AlertRule(
        id: "SessiondDatabaseLarge", kind: .databaseSize, threshold: 10 * 1024 * 1024 * 1024, severity: .warning)
    /// Any failed store operation in the last 5 minutes.
    public static let persistenceFailures = AlertRule(
        id: "SessiondPersistenceFailures", kind: .persistenceFailures, threshold: 0, windowMs: 5 * minute, severity: .critical)

    /// An assistant session called one tool with the same input 5 times within 10 minutes.
    public static let agentToolLoop = AlertRule(id: "SessiondAgentToolLoop", kind: .toolLoop, threshold: 5, windowMs: 10 * minute, severity: .warning)
    /// An assistant session's last 5 tool calls failed, the last within 15 minutes.
    public static let agentRetryStorm = AlertRule(id: "SessiondAgentRetryStorm", kind: .retryStorm, threshold: 5, windowMs: 15 * minute, severity: .warning)
    /// An assistant session cost more than 25 USD.
    public static let agentRunawayCost = AlertRule(id: "SessiondAgentRunawayCost", kind: .agentCost, threshold: 25, severity: .warning)
    /// An assistant session used more than 10 million tokens not read from cache.
    public static let agentRunawayTokens = AlertRule(id: "SessiondAgentRunawayTokens", kind: .agentTokens, threshold: 10_000_000, severity: .warning)
    /// An assistant session spent at a rate above 20 USD an hour over the last 15 minutes.
    public static let agentSpendRate = AlertRule(id: "SessiondAgentSpendRate", kind: .agentSpendRate, threshold: 20, windowMs: 15 * minute, severity: .warning)
    /// An assistant session has waited on a permission prompt for 5 minutes (threshold in seconds).
    public static let agentStuckPermission = AlertRule(id: "SessiondAgentStuckPermission", kind: .stuckPermission, threshold: 300, severity: .warning)

    /// Every built-in rule with its default threshold.
    public static let defaults: [AlertRule] = [
        failureRateHigh, sessionDurationAnomaly, diskFreeLow, memoryHigh, databaseLarge, persistenceFailures,
        agentToolLoop, agentRetryStorm, agentRunawayCost, agentRunawayTokens, agentSpendRate, agentStuckPermission,
    ]
}

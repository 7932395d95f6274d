/// What an ``AlertRule`` measures. A struct so that kinds can be added without a major version.
public struct AlertKind: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String {
        case failureRate = "failure_rate"
        case durationAnomaly = "duration_anomaly"
        case diskFree = "disk_free"
        case memory
        case databaseSize = "database_size"
        case persistenceFailures = "persistence_failures"
        case toolLoop = "tool_loop"
        case retryStorm = "retry_storm"
        case agentCost = "agent_cost"
        case agentTokens = "agent_tokens"
        case agentSpendRate = "agent_spend_rate"
        case stuckPermission = "stuck_permission"
    }

    private let base: Base

    /// Share of ended sessions that failed (outcome `errored` or `crashed`) over the window.
    public static let failureRate = AlertKind(base: .failureRate)
    /// Median duration of an application's sessions ended in the window against its longer history.
    public static let durationAnomaly = AlertKind(base: .durationAnomaly)
    /// Share of the database's file system that is free (fires below the threshold).
    public static let diskFree = AlertKind(base: .diskFree)
    /// Resident memory of this process in bytes.
    public static let memory = AlertKind(base: .memory)
    /// Bytes of the database.
    public static let databaseSize = AlertKind(base: .databaseSize)
    /// Failed store operations of this process in the window.
    public static let persistenceFailures = AlertKind(base: .persistenceFailures)

    /// An assistant session calling the same tool with the same input again and again.
    public static let toolLoop = AlertKind(base: .toolLoop)
    /// An assistant session whose last tool calls all failed.
    public static let retryStorm = AlertKind(base: .retryStorm)
    /// An assistant session's cost in USD.
    public static let agentCost = AlertKind(base: .agentCost)
    /// An assistant session's tokens not read from cache.
    public static let agentTokens = AlertKind(base: .agentTokens)
    /// An assistant session's spend in USD per hour over the window.
    public static let agentSpendRate = AlertKind(base: .agentSpendRate)
    /// An assistant session waiting on a permission prompt with nothing happening.
    public static let stuckPermission = AlertKind(base: .stuckPermission)

    /// The kinds about one assistant session's behaviour (their subject is the session).
    public static let behaviour: Set<AlertKind> = [.toolLoop, .retryStorm, .agentCost, .agentTokens, .agentSpendRate, .stuckPermission]

    /// The configuration key: `failure_rate`, `duration_anomaly`, `disk_free`, `memory`,
    /// `database_size`, `persistence_failures`, `tool_loop`, `retry_storm`, `agent_cost`,
    /// `agent_tokens`, `agent_spend_rate`, `stuck_permission`.
    public var rawValue: String { base.rawValue }

    public init?(rawValue: String) {
        guard let base = Base(rawValue: rawValue) else { return nil }
        self.base = base
    }

    private init(base: Base) { self.base = base }

    public var description: String { rawValue }
}

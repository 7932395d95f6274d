/// What an ``AlertRule`` measures. A struct so that kinds can be added without a major version.
public struct AlertKind: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String {
        case failureRate = "failure_rate"
        case durationAnomaly = "duration_anomaly"
        case diskFree = "disk_free"
        case memory
        case databaseSize = "database_size"
        case persistenceFailures = "persistence_failures"
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

    /// The configuration key: `failure_rate`, `duration_anomaly`, `disk_free`, `memory`,
    /// `database_size`, `persistence_failures`.
    public var rawValue: String { base.rawValue }

    public init?(rawValue: String) {
        guard let base = Base(rawValue: rawValue) else { return nil }
        self.base = base
    }

    private init(base: Base) { self.base = base }

    public var description: String { rawValue }
}

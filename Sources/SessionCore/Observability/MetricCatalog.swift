/// Every metric sessiond exports, in one place: the engine and the server record them by these
/// names through swift-metrics, and the Prometheus exporter takes help texts and buckets from here.
///
/// Labels are bounded: statuses, outcomes, end reasons, route templates, backends and at most
/// ``MetricCatalog/applicationLabelLimit`` application names; never a session or user id.
public enum MetricCatalog {
    /// Distinct `application` label values before further ones are reported as `other`.
    public static let applicationLabelLimit = 50

    static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    static let sessionDurationBuckets: [Double] = [1, 5, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600]

    // MARK: Sessions

    public static let sessionsActive = MetricDescription(
        name: "sessiond_sessions_active", help: "Live sessions by status and application, counted in the store at each scrape.",
        kind: .gauge, labels: ["status", "application"])
    public static let sessionsStarted = MetricDescription(
        name: "sessiond_sessions_started_total", help: "Sessions created by this instance.", kind: .counter, labels: ["application"])
    public static let sessionsEnded = MetricDescription(
        name: "sessiond_sessions_ended_total", help: "Sessions ended by this instance, by outcome and end reason.", kind: .counter,
        labels: ["application", "outcome", "reason"])
    public static let sessionDuration = MetricDescription(
        name: "sessiond_session_duration_seconds", help: "Duration of ended sessions, from creation to end.", kind: .histogram,
        labels: ["application", "outcome"], buckets: sessionDurationBuckets)
    public static let sessionEvents = MetricDescription(
        name: "sessiond_session_events", help: "Client events recorded per ended session.", kind: .histogram, labels: ["application"],
        buckets: [0, 1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 100_000])
    public static let timeoutWarnings = MetricDescription(
        name: "sessiond_session_timeout_warnings_total", help: "Timeout warnings emitted by the sweeper.", kind: .counter,
        labels: ["application"])
    public static let redactions = MetricDescription(
        name: "sessiond_redactions_total", help: "Values redacted before storage, by rule (built-in or the policy's own).",
        kind: .counter, labels: ["rule"])
    public static let recoveries = MetricDescription(
        name: "sessiond_session_recoveries_total", help: "Sessions recovered by a client.", kind: .counter, labels: ["application"])

    // MARK: Performance

    public static let appendDuration = MetricDescription(
        name: "sessiond_append_duration_seconds", help: "Time to store an append, validation to commit.", kind: .histogram,
        buckets: latencyBuckets)
    public static let storeOperationDuration = MetricDescription(
        name: "sessiond_store_operation_duration_seconds", help: "Store operations by operation and backend.", kind: .histogram,
        labels: ["operation", "backend"], buckets: latencyBuckets)
    public static let groupCommitBatchSize = MetricDescription(
        name: "sessiond_group_commit_batch_size", help: "Writes committed together in one SQLite transaction.", kind: .histogram,
        buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256])
    public static let persistenceFailures = MetricDescription(
        name: "sessiond_persistence_failures_total", help: "Store operations that failed for a reason other than the request.",
        kind: .counter, labels: ["operation"])
    public static let httpRequestDuration = MetricDescription(
        name: "sessiond_http_request_duration_seconds", help: "HTTP requests by method, route template and status.",
        kind: .histogram, labels: ["method", "route", "status"], buckets: latencyBuckets)
    public static let streamSubscribers = MetricDescription(
        name: "sessiond_stream_subscribers", help: "Open live event streams.", kind: .gauge)
    public static let startupDuration = MetricDescription(
        name: "sessiond_startup_duration_seconds", help: "Time from process start to serving requests.", kind: .gauge)
    public static let databaseSize = MetricDescription(
        name: "sessiond_database_size_bytes", help: "Size of the store's data on disk.", kind: .gauge)
    public static let diskFree = MetricDescription(
        name: "sessiond_disk_free_bytes", help: "Free space on the SQLite store's file system.", kind: .gauge)
    public static let diskTotal = MetricDescription(
        name: "sessiond_disk_total_bytes", help: "Size of the SQLite store's file system.", kind: .gauge)
    public static let alertsFiring = MetricDescription(
        name: "sessiond_alerts_firing", help: "Alerts firing, by rule.", kind: .gauge, labels: ["rule"])

    // MARK: Process

    public static let residentMemory = MetricDescription(
        name: "process_resident_memory_bytes", help: "Resident memory size in bytes.", kind: .gauge)
    public static let openFDs = MetricDescription(name: "process_open_fds", help: "Number of open file descriptors.", kind: .gauge)
    public static let startTime = MetricDescription(
        name: "process_start_time_seconds", help: "Start time of the process since the Unix epoch in seconds.", kind: .gauge)

    /// Every metric above.
    public static let all: [MetricDescription] = [
        sessionsActive, sessionsStarted, sessionsEnded, sessionDuration, sessionEvents, timeoutWarnings, recoveries, redactions,
        appendDuration, storeOperationDuration, groupCommitBatchSize, persistenceFailures, httpRequestDuration,
        streamSubscribers, startupDuration, databaseSize, diskFree, diskTotal, alertsFiring, residentMemory, openFDs, startTime,
    ]

    private static let byName: [String: MetricDescription] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The description of the metric called `name`, if it is one of ours.
    public static func description(named name: String) -> MetricDescription? {
        byName[name]
    }
}

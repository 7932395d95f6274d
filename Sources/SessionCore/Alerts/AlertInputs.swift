/// What the rules look at, gathered by the engine at one evaluation; `nil` where a measurement
/// is not available (disk space on PostgreSQL, memory off Linux), which leaves its rule's
/// alerts as they are.
public struct AlertInputs: Sendable, Hashable {
    /// One ended session: its application, whether it failed, when it ended and how long it took.
    public struct EndedSession: Sendable, Hashable {
        public var application: String
        /// Outcome `errored` or `crashed` (`abandoned` is not a failure, as in the Prometheus rule).
        public var failed: Bool
        public var endedAt: Timestamp
        public var durationMs: Int64

        public init(application: String, failed: Bool, endedAt: Timestamp, durationMs: Int64) {
            self.application = application
            self.failed = failed
            self.endedAt = endedAt
            self.durationMs = durationMs
        }
    }

    /// Sessions ended within the longest window of the rules.
    public var endedSessions: [EndedSession]
    public var diskFreeBytes: Int64?
    public var diskTotalBytes: Int64?
    public var databaseBytes: Int64?
    public var residentBytes: Int64?
    /// When this process's store operations failed, at least over the persistence window.
    public var persistenceFailures: [Timestamp]?
    /// The live assistant sessions, for the behaviour rules.
    public var agentSessions: [AgentActivity]?

    public init(
        endedSessions: [EndedSession] = [], diskFreeBytes: Int64? = nil, diskTotalBytes: Int64? = nil, databaseBytes: Int64? = nil,
        residentBytes: Int64? = nil, persistenceFailures: [Timestamp]? = nil, agentSessions: [AgentActivity]? = nil
    ) {
        self.agentSessions = agentSessions
        self.endedSessions = endedSessions
        self.diskFreeBytes = diskFreeBytes
        self.diskTotalBytes = diskTotalBytes
        self.databaseBytes = databaseBytes
        self.residentBytes = residentBytes
        self.persistenceFailures = persistenceFailures
    }
}

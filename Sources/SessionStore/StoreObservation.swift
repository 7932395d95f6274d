public import SessionCore

/// What a store reports for `/metrics`: live sessions by status and application, and its size.
public struct StoreObservation: Sendable, Hashable {
    /// The number of sessions in one live status of one application.
    public struct LiveCount: Sendable, Hashable {
        public var status: SessionStatus
        public var application: String
        public var count: Int64

        public init(status: SessionStatus, application: String, count: Int64) {
            self.status = status
            self.application = application
            self.count = count
        }
    }

    public var live: [LiveCount]
    /// Bytes the store's data takes: the SQLite file with its WAL, or the PostgreSQL schema's relations.
    public var databaseBytes: Int64?
    /// Free and total bytes of the file system holding an SQLite file; `nil` for a server database.
    public var diskFreeBytes: Int64?
    public var diskTotalBytes: Int64?

    public init(live: [LiveCount] = [], databaseBytes: Int64? = nil, diskFreeBytes: Int64? = nil, diskTotalBytes: Int64? = nil) {
        self.live = live
        self.databaseBytes = databaseBytes
        self.diskFreeBytes = diskFreeBytes
        self.diskTotalBytes = diskTotalBytes
    }
}

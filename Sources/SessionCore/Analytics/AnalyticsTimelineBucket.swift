/// One bar of the overview's timeline.
public struct AnalyticsTimelineBucket: Sendable, Hashable, JSONCodable {
    /// The bucket's start; it lasts the window's ``AnalyticsWindow/bucketMs``.
    public var time: Timestamp
    /// Sessions alive at some point of the bucket: created before its end, not ended before its start.
    public var active: Int64
    /// Sessions created in the bucket.
    public var started: Int64
    /// Sessions that ended in the bucket.
    public var ended: Int64
    /// Sessions that ended in the bucket with outcome `errored` or `crashed`.
    public var failed: Int64

    public init(time: Timestamp, active: Int64 = 0, started: Int64 = 0, ended: Int64 = 0, failed: Int64 = 0) {
        self.time = time
        self.active = active
        self.started = started
        self.ended = ended
        self.failed = failed
    }

    /// `{"time", "active", "started", "ended", "failed"}`, `time` in RFC 3339 UTC.
    enum CodingKeys: String, CodingKey {
        case time, active, started, ended, failed
    }
}

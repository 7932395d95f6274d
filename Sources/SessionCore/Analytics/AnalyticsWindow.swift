/// The stretch of time analytics look at: the last `1h`, `24h`, `7d`, `30d`, up to `90d`.
///
/// A window is parsed from the `window` query text and becomes concrete only with `now`:
/// it runs from ``from(now:)`` to `now`, cut into at most 48 buckets of ``bucketMs`` for a
/// timeline. Buckets line up with the UTC clock (hours start on the hour, days at midnight), so
/// `from` is `now` minus the length, rounded down to a bucket boundary: the window is at most
/// one bucket longer than its name says, and its last bucket ends after `now`.
public struct AnalyticsWindow: Sendable, Hashable, CustomStringConvertible {
    /// The canonical text, such as `24h` or `7d`.
    public let name: String
    /// The nominal length in milliseconds.
    public let lengthMs: Int64
    /// The timeline's bucket size in milliseconds: the smallest of 1m, 2m, 5m, 10m, 15m, 30m,
    /// 1h, 2h, 3h, 6h, 12h, 1d, 2d that gives at most 48 buckets.
    public let bucketMs: Int64

    /// The longest window: 90 days.
    public static let maximumLengthMs: Int64 = 90 * dayMs

    /// The last 24 hours, with hourly buckets.
    public static let last24Hours = AnalyticsWindow(name: "24h", lengthMs: 24 * hourMs)

    /// The most buckets a timeline has.
    public static let maximumBuckets = 48

    /// Parses `<n>h` or `<n>d` (lowercase), from `1h` to `90d` (`2160h`).
    ///
    /// - Throws: ``SessionError`` with code ``SessionError/Code/invalidArgument`` for anything else,
    ///   such as `0h`, `1.5h`, `30m`, `1w` or `91d`.
    public init(_ text: String) throws(SessionError) {
        let invalid = SessionError(.invalidArgument, "'\(text)' is not a window: use <n>h or <n>d from 1h to 90d, e.g. 1h, 24h, 7d, 30d")
        guard let unit = text.last, unit == "h" || unit == "d" else { throw invalid }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(digits), n > 0
        else { throw invalid }
        let length = n * (unit == "h" ? Self.hourMs : Self.dayMs)
        guard length <= Self.maximumLengthMs else { throw invalid }
        self.init(name: "\(n)\(unit)", lengthMs: length)
    }

    private init(name: String, lengthMs: Int64) {
        self.name = name
        self.lengthMs = lengthMs
        // ceil(length / bucket) + 1 buckets at most (when `now - length` is not on a boundary).
        self.bucketMs = Self.bucketSizes.first { (lengthMs + $0 - 1) / $0 + 1 <= Self.maximumBuckets } ?? Self.bucketSizes.last!
    }

    /// The start of the window: `now` minus ``lengthMs``, rounded down to a bucket boundary.
    public func from(now: Timestamp) -> Timestamp {
        Timestamp(milliseconds: floorToBucket(now.milliseconds - lengthMs))
    }

    /// The start of every timeline bucket, oldest first: from ``from(now:)`` up to the bucket holding `now`.
    public func bucketStarts(now: Timestamp) -> [Timestamp] {
        let range = AnalyticsRange(self, now: now)
        return (0..<range.bucketCount).map(range.bucketStart)
    }

    /// `{"name", "from", "until", "bucket_ms"}` with `from` and `until` (`now`) in RFC 3339 UTC.
    public func json(now: Timestamp) -> JSONValue {
        [
            "name": .string(name), "from": .string(from(now: now).iso8601), "until": .string(now.iso8601),
            "bucket_ms": .int(bucketMs),
        ]
    }

    public var description: String { name }

    private func floorToBucket(_ ms: Int64) -> Int64 {
        let remainder = ms % bucketMs
        return remainder < 0 ? ms - remainder - bucketMs : ms - remainder
    }

    static let minuteMs: Int64 = 60_000
    static let hourMs: Int64 = 3_600_000
    static let dayMs: Int64 = 86_400_000
    private static let bucketSizes: [Int64] = [
        minuteMs, 2 * minuteMs, 5 * minuteMs, 10 * minuteMs, 15 * minuteMs, 30 * minuteMs,
        hourMs, 2 * hourMs, 3 * hourMs, 6 * hourMs, 12 * hourMs, dayMs, 2 * dayMs,
    ]
}

/// A window made concrete at `now`: its bounds, its buckets, and which sessions it sees.
struct AnalyticsRange {
    let from: Timestamp
    let until: Timestamp
    let bucketMs: Int64
    let bucketCount: Int

    init(_ window: AnalyticsWindow, now: Timestamp) {
        from = window.from(now: now)
        until = now
        bucketMs = window.bucketMs
        bucketCount = Int(now.milliseconds(since: from) / bucketMs) + 1
    }

    func bucketStart(_ index: Int) -> Timestamp {
        Timestamp(milliseconds: from.milliseconds + Int64(index) * bucketMs)
    }

    /// The bucket holding `time`, nil outside `from...until`.
    func bucketIndex(of time: Timestamp) -> Int? {
        contains(time) ? Int((time.milliseconds - from.milliseconds) / bucketMs) : nil
    }

    /// `from <= time <= until`.
    func contains(_ time: Timestamp) -> Bool {
        from <= time && time <= until
    }

    /// Whether the session was alive at some point of the window.
    func touches(_ session: AnalyticsSession) -> Bool {
        session.createdAt <= until && (session.endedAt.map { $0 >= from } ?? true)
    }

    /// Whether the session ended inside the window.
    func endedInside(_ session: AnalyticsSession) -> Bool {
        session.endedAt.map(contains) ?? false
    }
}

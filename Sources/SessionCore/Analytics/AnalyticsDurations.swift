/// How long sessions lasted: a histogram over fixed bounds and nearest-rank percentiles.
public struct AnalyticsDurations: Sendable, Hashable {
    /// One histogram bar: durations above the previous bound, up to and including ``leMs``.
    public struct Bucket: Sendable, Hashable {
        /// The upper bound in milliseconds; nil for the last, unbounded bar.
        public var leMs: Int64?
        public var count: Int64

        public init(leMs: Int64?, count: Int64) {
            self.leMs = leMs
            self.count = count
        }
    }

    /// The histogram's upper bounds: 1s, 5s, 30s, 1m, 5m, 15m, 1h, 4h, 12h (then unbounded).
    public static let upperBoundsMs: [Int64] = [
        1000, 5000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 14_400_000, 43_200_000,
    ]

    /// One bar per bound of ``upperBoundsMs``, then one without a bound; bars are not cumulative.
    public var buckets: [Bucket]
    /// Nil without durations.
    public var p50Ms: Int64?
    public var p90Ms: Int64?
    public var p99Ms: Int64?
    /// How many durations were counted.
    public var count: Int64

    /// The histogram and percentiles of `durationsMs` (negative values count as 0).
    public init(durationsMs: [Int64]) {
        var counts = [Int64](repeating: 0, count: Self.upperBoundsMs.count + 1)
        for duration in durationsMs {
            let index = Self.upperBoundsMs.firstIndex { duration <= $0 } ?? Self.upperBoundsMs.count
            counts[index] += 1
        }
        buckets = counts.enumerated().map { index, count in
            Bucket(leMs: index < Self.upperBoundsMs.count ? Self.upperBoundsMs[index] : nil, count: count)
        }
        let sorted = durationsMs.map { max(0, $0) }.sorted()
        p50Ms = Self.percentile(sorted, 0.5)
        p90Ms = Self.percentile(sorted, 0.9)
        p99Ms = Self.percentile(sorted, 0.99)
        count = Int64(sorted.count)
    }

    /// `{"buckets": [{"le_ms", "count"}], "p50_ms", "p90_ms", "p99_ms", "count"}`; `le_ms` of the last
    /// bucket and the percentiles without durations are `null`.
    public var json: JSONValue {
        [
            "buckets": .array(buckets.map { ["le_ms": $0.leMs.map(JSONValue.int) ?? .null, "count": .int($0.count)] }),
            "p50_ms": p50Ms.map(JSONValue.int) ?? .null,
            "p90_ms": p90Ms.map(JSONValue.int) ?? .null,
            "p99_ms": p99Ms.map(JSONValue.int) ?? .null,
            "count": .int(count),
        ]
    }

    /// Nearest-rank percentile `p` (0…1) of ascending `sorted`, as ``SessionStats`` computes it; nil when empty.
    static func percentile(_ sorted: [Int64], _ p: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))
        return sorted[index]
    }
}

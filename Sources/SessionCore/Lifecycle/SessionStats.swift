/// What `GET /v1/stats` answers: sessions by status and application, outcome rates, durations.
public struct SessionStats: Sendable, Hashable {
    /// Sessions per status.
    public var byStatus: [SessionStatus: Int64] = [:]
    /// Live sessions per application.
    public var liveByApplication: [String: Int64] = [:]
    /// Ended sessions per outcome.
    public var byOutcome: [SessionOutcome: Int64] = [:]
    /// Durations of the most recently ended sessions (milliseconds), the sample for percentiles.
    public var recentDurationsMs: [Int64] = []

    public init() {}

    /// Percentile `p` (0…1) of the duration sample; 0 without one.
    public func durationPercentile(_ p: Double) -> Int64 {
        guard !recentDurationsMs.isEmpty else { return 0 }
        let sorted = recentDurationsMs.sorted()
        let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))
        return sorted[index]
    }

    public var json: JSONValue {
        let ended = byOutcome.values.reduce(0, +)
        var rates: [String: JSONValue] = [:]
        for outcome in SessionOutcome.allCases {
            rates[outcome.rawValue] = .double(ended == 0 ? 0 : Double(byOutcome[outcome, default: 0]) / Double(ended))
        }
        let sample = recentDurationsMs
        let mean = sample.isEmpty ? 0 : Double(sample.reduce(0, +)) / Double(sample.count)
        return [
            "by_status": .object(Dictionary(uniqueKeysWithValues: SessionStatus.allCases.map { ($0.rawValue, JSONValue.int(byStatus[$0, default: 0])) })),
            "live": .int(SessionStatus.live.reduce(0) { $0 + byStatus[$1, default: 0] }),
            "live_by_application": .object(liveByApplication.mapValues(JSONValue.int)),
            "outcomes": .object(Dictionary(uniqueKeysWithValues: SessionOutcome.allCases.map { ($0.rawValue, JSONValue.int(byOutcome[$0, default: 0])) })),
            "outcome_rates": .object(rates),
            "durations_ms": [
                "sample": .int(Int64(sample.count)), "mean": .double(mean), "p50": .int(durationPercentile(0.5)),
                "p90": .int(durationPercentile(0.9)), "p99": .int(durationPercentile(0.99)),
            ],
        ]
    }
}

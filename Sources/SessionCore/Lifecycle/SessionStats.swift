/// Sessions by status and application, outcomes, and recent durations: what a store counts for
/// `GET /v1/stats`, which answers its ``summary``.
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

    /// The counts, with the duration sample reduced to its size, mean and percentiles.
    public var summary: SessionStatsSummary {
        let sample = recentDurationsMs
        return SessionStatsSummary(
            byStatus: byStatus, liveByApplication: liveByApplication, byOutcome: byOutcome, durationSample: Int64(sample.count),
            durationMeanMs: sample.isEmpty ? 0 : Double(sample.reduce(0, +)) / Double(sample.count),
            durationP50Ms: durationPercentile(0.5), durationP90Ms: durationPercentile(0.9), durationP99Ms: durationPercentile(0.99))
    }

    /// What `GET /v1/stats` answers: ``summary`` as JSON (see ``SessionStatsSummary/json``).
    public var json: JSONValue { summary.json }
}

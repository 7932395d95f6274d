/// ``SessionStats`` as `GET /v1/stats` answers it: the counts, and the duration sample reduced
/// to its size, mean and percentiles (the sample itself is not sent).
///
/// `{"by_status", "live", "live_by_application", "outcomes", "outcome_rates",
/// "durations_ms": {"sample", "mean", "p50", "p90", "p99"}}`. `live` and `outcome_rates` are
/// derived from the counts (``live``, ``outcomeRate(_:)``), so ``init(json:)`` reads only the
/// rest and ``json`` writes them again: the JSON round-trips byte for byte.
public struct SessionStatsSummary: Sendable, Hashable {
    /// Sessions per status; statuses without sessions are left out.
    public var byStatus: [SessionStatus: Int64]
    /// Live sessions per application.
    public var liveByApplication: [String: Int64]
    /// Ended sessions per outcome; outcomes without sessions are left out.
    public var byOutcome: [SessionOutcome: Int64]
    /// How many recently ended sessions the duration figures are over.
    public var durationSample: Int64
    /// Mean duration of the sample, in milliseconds; 0 without one.
    public var durationMeanMs: Double
    /// Median duration of the sample, in milliseconds.
    public var durationP50Ms: Int64
    /// 90th percentile duration, in milliseconds.
    public var durationP90Ms: Int64
    /// 99th percentile duration, in milliseconds.
    public var durationP99Ms: Int64

    public init(
        byStatus: [SessionStatus: Int64] = [:], liveByApplication: [String: Int64] = [:], byOutcome: [SessionOutcome: Int64] = [:],
        durationSample: Int64 = 0, durationMeanMs: Double = 0, durationP50Ms: Int64 = 0, durationP90Ms: Int64 = 0, durationP99Ms: Int64 = 0
    ) {
        self.byStatus = byStatus.filter { $0.value != 0 }
        self.liveByApplication = liveByApplication
        self.byOutcome = byOutcome.filter { $0.value != 0 }
        self.durationSample = durationSample
        self.durationMeanMs = durationMeanMs
        self.durationP50Ms = durationP50Ms
        self.durationP90Ms = durationP90Ms
        self.durationP99Ms = durationP99Ms
    }

    /// Live sessions (initializing, active, idle, suspended).
    public var live: Int64 { SessionStatus.live.reduce(0) { $0 + byStatus[$1, default: 0] } }

    /// The share of ended sessions with `outcome`, 0…1; 0 when none has ended.
    public func outcomeRate(_ outcome: SessionOutcome) -> Double {
        let ended = byOutcome.values.reduce(0, +)
        return ended == 0 ? 0 : Double(byOutcome[outcome, default: 0]) / Double(ended)
    }

    /// The summary as the API answers it; every status and outcome is named, zeros included.
    public var json: JSONValue {
        [
            "by_status": .object(Dictionary(uniqueKeysWithValues: SessionStatus.allCases.map { ($0.rawValue, JSONValue.int(byStatus[$0, default: 0])) })),
            "live": .int(live),
            "live_by_application": .object(liveByApplication.mapValues(JSONValue.int)),
            "outcomes": .object(Dictionary(uniqueKeysWithValues: SessionOutcome.allCases.map { ($0.rawValue, JSONValue.int(byOutcome[$0, default: 0])) })),
            "outcome_rates": .object(Dictionary(uniqueKeysWithValues: SessionOutcome.allCases.map { ($0.rawValue, JSONValue.double(outcomeRate($0))) })),
            "durations_ms": [
                "sample": .int(durationSample), "mean": .double(durationMeanMs), "p50": .int(durationP50Ms), "p90": .int(durationP90Ms),
                "p99": .int(durationP99Ms),
            ],
        ]
    }

    /// Reads a summary as ``json`` writes it; unknown statuses, outcomes and fields are skipped.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "stats")
        func counts<Key>(_ field: String, _ key: (String) -> Key?) throws(SessionError) -> [Key: Int64] {
            var out: [Key: Int64] = [:]
            for (name, value) in try o.object(field) ?? [:] {
                guard let count = value.int64Value else { throw SessionError(.invalidArgument, "\(field) holds counts") }
                if let key = key(name) { out[key] = count }
            }
            return out
        }
        let durations = try JSONFields(o["durations_ms"] ?? .emptyObject, what: "durations_ms")
        self.init(
            byStatus: try counts("by_status", SessionStatus.init(rawValue:)), liveByApplication: try counts("live_by_application", { $0 }),
            byOutcome: try counts("outcomes", SessionOutcome.init(rawValue:)), durationSample: try durations.int("sample") ?? 0,
            durationMeanMs: durations["mean"]?.doubleValue ?? 0, durationP50Ms: try durations.int("p50") ?? 0,
            durationP90Ms: try durations.int("p90") ?? 0, durationP99Ms: try durations.int("p99") ?? 0)
    }
}

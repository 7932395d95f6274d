/// The figures of one group of ``AnalyticsGroups``: how many sessions, how long, how they ended, what they used.
public struct AnalyticsGroup: Sendable, Hashable {
    /// One event type of a feature group's profile.
    public struct TypeShare: Sendable, Hashable {
        public var type: String
        /// The type's share of the group's profile, 0…1.
        public var share: Double

        public init(type: String, share: Double) {
            self.type = type
            self.share = share
        }
    }

    /// What the sessions share: a project key, a user id, an application, a bucket start, a profile name;
    /// `(none)` for sessions without a project or user.
    public var key: String
    /// The key for people: `No project`, `2026-11-23 14:00`, `tool.call, user.prompt, error`.
    public var label: String
    public var sessions: Int64
    /// Sessions that ended in the window.
    public var ended: Int64
    /// Sessions in a live status.
    public var live: Int64
    /// Mean duration of the ended sessions; nil when none ended.
    public var durationMeanMs: Double?
    public var durationP50Ms: Int64?
    public var durationP90Ms: Int64?
    /// Ended sessions per outcome; every outcome is present.
    public var outcomes: [SessionOutcome: Int64]
    /// Of the ended sessions, the share whose outcome is not `ok`; 0 when none ended.
    public var errorRate: Double
    /// Client events of the sessions, summed.
    public var events: Int64
    public var tokens: Int64
    public var costUSD: Double
    /// For ``AnalyticsGrouping/feature``: the top five types of the group's profile; nil otherwise.
    public var types: [TypeShare]?

    /// The figures of `members` under `key`, ends counted inside `range`.
    init(key: String, label: String, members: [AnalyticsSession], range: AnalyticsRange, types: [TypeShare]? = nil) {
        self.key = key
        self.label = label
        self.types = types
        sessions = Int64(members.count)
        live = Int64(members.count(where: { $0.status.isLive }))
        outcomes = Dictionary(uniqueKeysWithValues: SessionOutcome.allCases.map { ($0, 0) })
        events = 0
        tokens = 0
        costUSD = 0
        var durations: [Int64] = []
        var notOK: Int64 = 0
        for session in members {
            events = events.addingSaturated(session.counters.events)
            tokens = tokens.addingSaturated(session.counters.tokens)
            costUSD += session.counters.costUSD
            guard let endedAt = session.endedAt, range.contains(endedAt) else { continue }
            durations.append(endedAt.milliseconds(since: session.createdAt))
            if let outcome = session.outcome { outcomes[outcome, default: 0] += 1 }
            if session.outcome != .ok { notOK += 1 }
        }
        ended = Int64(durations.count)
        errorRate = durations.isEmpty ? 0 : Double(notOK) / Double(durations.count)
        durations.sort()
        durationMeanMs = durations.isEmpty ? nil : durations.reduce(0.0) { $0 + Double($1) } / Double(durations.count)
        durationP50Ms = AnalyticsDurations.percentile(durations, 0.5)
        durationP90Ms = AnalyticsDurations.percentile(durations, 0.9)
    }

    /// Of the ended sessions, the share with `outcome`; 0 when none ended.
    public func outcomeRate(_ outcome: SessionOutcome) -> Double {
        ended == 0 ? 0 : Double(outcomes[outcome, default: 0]) / Double(ended)
    }

    /// `{"key", "label", "sessions", "ended", "live", "duration_ms": {"mean", "p50", "p90"},
    /// "outcome_rates": {"ok", "errored", "crashed", "abandoned"}, "error_rate", "events", "tokens", "cost_usd"}`,
    /// plus `"types": [{"type", "share"}]` for feature groups; durations are `null` when none ended.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "key": .string(key),
            "label": .string(label),
            "sessions": .int(sessions),
            "ended": .int(ended),
            "live": .int(live),
            "duration_ms": [
                "mean": durationMeanMs.map(JSONValue.double) ?? .null,
                "p50": durationP50Ms.map(JSONValue.int) ?? .null,
                "p90": durationP90Ms.map(JSONValue.int) ?? .null,
            ],
            "outcome_rates": .object(
                Dictionary(uniqueKeysWithValues: SessionOutcome.allCases.map { ($0.rawValue, JSONValue.double(outcomeRate($0))) })
            ),
            "error_rate": .double(errorRate),
            "events": .int(events),
            "tokens": .int(tokens),
            "cost_usd": .double(costUSD),
        ]
        o["types"] = types.map { .array($0.map { ["type": .string($0.type), "share": .double($0.share)] }) }
        return .object(o)
    }
}

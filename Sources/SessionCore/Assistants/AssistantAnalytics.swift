/// The dashboard's Assistants view and `GET /v1/analytics/assistants`: over the assistant
/// sessions that touch a window, tokens and cost by model, user and repository; tool calls,
/// error rate and p50/p90 duration by tool; the successful-session rate (of the sessions that
/// ended) by model, tool and repository; and a timeline of tokens and cost by the sessions' start.
public struct AssistantAnalytics: Sendable, Hashable {
    public struct Slice: Sendable, Hashable {
        public var key: String
        public var sessions = 0
        public var ended = 0
        public var succeeded = 0
        public var tokens = AgentCounts.TokenCounts()
        public var costUSD: Double = 0

        public var successRate: Double? { ended == 0 ? nil : Double(succeeded) / Double(ended) }

        var json: JSONValue {
            [
                "key": .string(key), "sessions": .int(Int64(sessions)), "ended": .int(Int64(ended)), "succeeded": .int(Int64(succeeded)),
                "success_rate": successRate.map { .double(Self.round($0)) } ?? .null, "tokens": tokens.json, "cost_usd": .double(Self.round(costUSD)),
            ]
        }

        static func round(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
    }

    public struct ToolSlice: Sendable, Hashable {
        public var key: String
        public var calls = 0
        public var errors = 0
        public var p50Ms: Int64?
        public var p90Ms: Int64?
        public var sessions = Slice(key: "")

        var json: JSONValue {
            [
                "key": .string(key), "calls": .int(Int64(calls)), "errors": .int(Int64(errors)),
                "error_rate": calls == 0 ? .null : .double(Slice.round(Double(errors) / Double(calls))),
                "p50_ms": p50Ms.map(JSONValue.int) ?? .null, "p90_ms": p90Ms.map(JSONValue.int) ?? .null,
                "sessions": .int(Int64(sessions.sessions)), "ended": .int(Int64(sessions.ended)),
                "success_rate": sessions.successRate.map { .double(Slice.round($0)) } ?? .null,
            ]
        }
    }

    public var window: AnalyticsWindow
    public var from: Timestamp
    public var until: Timestamp
    public var truncated: Bool
    public var totals = Slice(key: "all")
    public var prompts = 0
    public var byModel: [Slice] = []
    public var byUser: [Slice] = []
    public var byRepository: [Slice] = []
    public var byTool: [ToolSlice] = []
    public var timeline: [Slice] = []

    public static func compute(_ sessions: [AssistantSessionSummary], window: AnalyticsWindow, now: Timestamp, truncated: Bool) -> AssistantAnalytics {
        let from = window.from(now: now)
        var result = AssistantAnalytics(window: window, from: from, until: now, truncated: truncated)
        var models: [String: Slice] = [:], users: [String: Slice] = [:], repositories: [String: Slice] = [:]
        var buckets: [Int64: Slice] = [:]
        var tools: [String: ToolSlice] = [:]
        var durations: [String: [Int64]] = [:]
        for session in sessions {
            let tokens = session.models.values.reduce(AgentCounts.TokenCounts()) { $0 + $1.tokens }
            let cost = session.models.values.reduce(0) { $0 + $1.costUSD }
            func add(_ slice: inout Slice, spend: Bool = true) {
                slice.sessions += 1
                slice.ended += session.ended ? 1 : 0
                slice.succeeded += session.succeeded ? 1 : 0
                if spend {
                    slice.tokens = slice.tokens + tokens
                    slice.costUSD += cost
                }
            }
            func add<Key: Hashable>(_ key: Key, name: String, to slices: inout [Key: Slice]) {
                var slice = slices[key] ?? Slice(key: name)
                add(&slice)
                slices[key] = slice
            }
            add(&result.totals)
            result.prompts += session.prompts
            // Tokens and cost by each model it used; its success counts for its main model.
            for (model, use) in session.models {
                var slice = models[model] ?? Slice(key: model)
                slice.tokens = slice.tokens + use.tokens
                slice.costUSD += use.costUSD
                models[model] = slice
            }
            var primary = models[session.primaryModel] ?? Slice(key: session.primaryModel)
            add(&primary, spend: false)
            models[session.primaryModel] = primary
            add(session.user, name: session.user, to: &users)
            add(session.repository, name: session.repository, to: &repositories)
            let bucket = from.milliseconds + max(0, session.createdAt.milliseconds - from.milliseconds) / window.bucketMs * window.bucketMs
            add(bucket, name: Timestamp(milliseconds: bucket).iso8601, to: &buckets)
            for (tool, use) in session.tools {
                tools[tool, default: ToolSlice(key: tool)].calls += use.calls
                tools[tool, default: ToolSlice(key: tool)].errors += use.errors
                durations[tool, default: []] += use.durationsMs
                var slice = tools[tool] ?? ToolSlice(key: tool)
                add(&slice.sessions, spend: false)
                tools[tool] = slice
            }
        }
        for (tool, values) in durations {
            let sorted = values.sorted()
            tools[tool]?.p50Ms = Self.percentile(sorted, 0.5)
            tools[tool]?.p90Ms = Self.percentile(sorted, 0.9)
        }
        let bySpend: (Slice, Slice) -> Bool = { ($0.costUSD, $0.tokens.input + $0.tokens.output, $1.key) > ($1.costUSD, $1.tokens.input + $1.tokens.output, $0.key) }
        result.byModel = models.values.sorted(by: bySpend)
        result.byUser = users.values.sorted(by: bySpend)
        result.byRepository = repositories.values.sorted(by: bySpend)
        result.byTool = tools.values.sorted { ($0.calls, $1.key) > ($1.calls, $0.key) }
        result.timeline = buckets.sorted { $0.key < $1.key }.map(\.value)
        return result
    }

    /// The nearest-rank percentile of `sorted` (ascending).
    static func percentile(_ sorted: [Int64], _ p: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    public var json: JSONValue {
        [
            "window": .string(window.name), "from": .string(from.iso8601), "until": .string(until.iso8601), "truncated": .bool(truncated),
            "totals": totals.json, "prompts": .int(Int64(prompts)),
            "by_model": .array(byModel.map(\.json)), "by_user": .array(byUser.map(\.json)), "by_repository": .array(byRepository.map(\.json)),
            "by_tool": .array(byTool.map(\.json)), "timeline": .array(timeline.map(\.json)),
        ]
    }
}

/// What an assistant's session did, counted from its events (docs/ASSISTANTS.md): the
/// `"agent"` and `"agent_tree"` of `sessiond metrics`.
///
/// A session recorded by hooks and imported from its transcript holds both kinds of events;
/// they are counted once: tool calls by `tool_use_id` across both, prompts and compactions from
/// whichever source has more of them (hooks see every prompt; a transcript may have been cut),
/// tokens and models from the transcript's messages (hooks do not carry them). Codex and Gemini
/// counts follow their formats' rules: prompts and messages fall back to `user.input` and
/// `assistant.reply` in a rollout without `user_message` or assistant items, and where a
/// rollout has `tool.outcome` events (Codex's `*_end`) they decide its errors. OpenTelemetry
/// (`telemetry.*` events) fills in what neither hooks nor a transcript gave: tokens and cost
/// from `api_request` logs when no transcript message carries usage (the vendor's `cost_usd`
/// where every request has one), else from token and cost metrics; tool calls from `tool_result`
/// logs when no other tool event exists.
public struct AgentCounts: Sendable, Hashable {
    public var prompts = 0
    public var assistantMessages = 0
    public var toolCalls = 0
    public var toolErrors = 0
    public var compactions = 0
    public var subagents = 0
    public var tokens = TokenCounts()
    public var models: Set<String> = []
    public var firstAt: Timestamp?
    public var lastAt: Timestamp?
    public var costUSD: Double = 0

    public init() {}

    /// Tokens, with the same meaning for every assistant: `input` is input not read from cache.
    public struct TokenCounts: Sendable, Hashable {
        public var input: Int64 = 0
        public var output: Int64 = 0
        public var cacheRead: Int64 = 0
        public var cacheCreation: Int64 = 0

        public init(input: Int64 = 0, output: Int64 = 0, cacheRead: Int64 = 0, cacheCreation: Int64 = 0) {
            self.input = input
            self.output = output
            self.cacheRead = cacheRead
            self.cacheCreation = cacheCreation
        }

        init(usage: JSONValue?) {
            input = usage?["input"]?.int64Value ?? 0
            output = usage?["output"]?.int64Value ?? 0
            cacheRead = usage?["cache_read"]?.int64Value ?? 0
            cacheCreation = usage?["cache_creation"]?.int64Value ?? 0
        }

        static func + (a: TokenCounts, b: TokenCounts) -> TokenCounts {
            TokenCounts(input: a.input + b.input, output: a.output + b.output, cacheRead: a.cacheRead + b.cacheRead, cacheCreation: a.cacheCreation + b.cacheCreation)
        }

        public var json: JSONValue {
            ["input": .int(input), "output": .int(output), "cache_read": .int(cacheRead), "cache_creation": .int(cacheCreation)]
        }
    }

    /// Counts events one page at a time: feed them with ``add(_:)``, then read ``counts(prices:)``.
    public struct Counter: Sendable {
        var prompts: [String: Int] = [:]
        var inputs = 0
        var replies = 0
        var outcomeErrorIDs: Set<String> = []
        var anonymousOutcomeErrors = 0
        var sawOutcomes = false
        var compactions: [String: Int] = [:]
        var messages: Set<String> = []
        var toolIDs: Set<String> = []
        var anonymousTools = 0
        var errorIDs: Set<String> = []
        var anonymousErrors = 0
        var subagents = 0
        var tokensByModel: [String: TokenCounts] = [:]
        var messageModels: [String: String] = [:]
        var first: Timestamp?
        var last: Timestamp?
        var telemetryTokensByModel: [String: TokenCounts] = [:]
        var telemetryCost: Double = 0
        var telemetryCostComplete = true
        var telemetryTools = 0
        var telemetryToolErrors = 0
        /// Token and cost metric points: deltas added, cumulative series by their largest value.
        var metricDeltas: [MetricSeries: Double] = [:]
        var metricCumulative: [MetricSeries: Double] = [:]

        struct MetricSeries: Hashable, Sendable {
            var name: String
            var model: String
            var type: String
            var start: Int64
        }

        public init() {}

        public mutating func add(_ event: SessionEvent) {
            let source = event.source ?? ""
            let data = event.data
            var counted = true
            switch event.type {
            case "user.prompt": prompts[source, default: 0] += 1
            case "user.input": inputs += 1
            case "assistant.reply": replies += 1
            case "context.compacted", "context.compacting": compactions[source + event.type + (data["via"]?.stringValue ?? ""), default: 0] += 1
            case "assistant.message":
                let id = data["message_id"]?.stringValue ?? event.id.lowercased
                guard messages.insert(id).inserted else { break }
                let model = data["model"]?.stringValue ?? "unknown"
                messageModels[id] = model
                tokensByModel[model, default: TokenCounts()] = tokensByModel[model, default: TokenCounts()] + TokenCounts(usage: data["usage"])
            case "assistant.usage":
                let model = data["model"]?.stringValue ?? data["message_id"]?.stringValue.flatMap { messageModels[$0] } ?? "unknown"
                tokensByModel[model, default: TokenCounts()] = tokensByModel[model, default: TokenCounts()] + TokenCounts(usage: data["usage"])
            case "tool.started":
                if let id = data["tool_use_id"]?.stringValue { toolIDs.insert(id) } else { anonymousTools += 1 }
            case "tool.call":
                let id = data["tool_use_id"]?.stringValue
                if data["paired"] == .bool(false) {
                    if let id { toolIDs.insert(id) } else { anonymousTools += 1 }
                }
                if data["outcome"] == "error" {
                    if let id { errorIDs.insert(id) } else { anonymousErrors += 1 }
                }
            case "tool.outcome":
                sawOutcomes = true
                if data["outcome"] == "error" {
                    if let id = data["tool_use_id"]?.stringValue { outcomeErrorIDs.insert(id) } else { anonymousOutcomeErrors += 1 }
                }
            case "subagent.started": subagents += 1
            case "subagent.task", "user.command", "turn.started", "turn.completed", "turn.aborted": break  // activity: first and last times
            case "telemetry.api_request":
                let model = data["model"]?.stringValue ?? "unknown"
                telemetryTokensByModel[model, default: TokenCounts()] = telemetryTokensByModel[model, default: TokenCounts()] + TokenCounts(usage: data["usage"])
                if let cost = data["cost_usd"]?.doubleValue { telemetryCost += cost } else { telemetryCostComplete = false }
            case "telemetry.tool_result":
                telemetryTools += 1
                if data["success"] == .bool(false) { telemetryToolErrors += 1 }
            case "telemetry.metric":
                let name = data["name"]?.stringValue ?? ""
                guard name.hasSuffix(".token.usage") || name.hasSuffix(".cost.usage"), let value = data["value"]?.doubleValue else {
                    counted = false
                    break
                }
                let series = MetricSeries(
                    name: name, model: data["attributes"]?["model"]?.stringValue ?? "unknown", type: data["attributes"]?["type"]?.stringValue ?? "",
                    start: data["start_ms"]?.int64Value ?? 0)
                if data["temporality"] == "cumulative" {
                    metricCumulative[series] = max(metricCumulative[series] ?? 0, value)
                } else {
                    metricDeltas[series, default: 0] += value
                }
            default: counted = false
            }
            if counted {
                first = min(first ?? event.time, event.time)
                last = max(last ?? event.time, event.time)
            }
        }

        /// Tokens and cost by model, from the best source there is (the vendor's cost, where it
        /// has one for the whole session, shared out by tokens).
        public func usageByModel(prices: PriceTable = .default) -> [String: (tokens: TokenCounts, costUSD: Double)] {
            let (tokens, vendorCost) = usage()
            var result: [String: (tokens: TokenCounts, costUSD: Double)] = [:]
            for (model, counts) in tokens { result[model] = (counts, prices.cost(model: model, counts)) }
            if let vendorCost {
                let total = tokens.values.reduce(0) { $0 + $1.input + $1.output + $1.cacheRead + $1.cacheCreation }
                for (model, counts) in tokens {
                    let share = total > 0 ? Double(counts.input + counts.output + counts.cacheRead + counts.cacheCreation) / Double(total) : 1 / Double(tokens.count)
                    result[model] = (counts, vendorCost * share)
                }
            }
            return result
        }

        /// Tokens by model from the best source there is, and the vendor's own cost where it has one.
        func usage() -> (tokens: [String: TokenCounts], cost: Double?) {
            if !tokensByModel.isEmpty { return (tokensByModel, nil) }
            if !telemetryTokensByModel.isEmpty { return (telemetryTokensByModel, telemetryCostComplete ? telemetryCost : nil) }
            var fields: [String: [String: Double]] = [:]  // model -> type -> tokens
            var cost: Double?
            for (series, value) in metricDeltas.merging(metricCumulative, uniquingKeysWith: +) {
                if series.name.hasSuffix(".cost.usage") {
                    cost = (cost ?? 0) + value
                } else {
                    fields[series.model, default: [:]][series.type, default: 0] += value
                }
            }
            // Claude Code: input, output, cacheRead, cacheCreation; Gemini CLI: input (cache
            // included), output, thought, cache.
            let tokens = fields.mapValues { f -> TokenCounts in
                let cached = f["cacheRead"] ?? f["cache"] ?? 0
                let input = f["cache"] != nil ? max(0, (f["input"] ?? 0) - cached) : f["input"] ?? 0
                return TokenCounts(
                    input: Int64(input), output: Int64((f["output"] ?? 0) + (f["thought"] ?? 0)), cacheRead: Int64(cached),
                    cacheCreation: Int64(f["cacheCreation"] ?? 0))
            }
            return (tokens, cost)
        }

        public func counts(prices: PriceTable = .default) -> AgentCounts {
            var c = AgentCounts()
            c.prompts = prompts.values.max() ?? inputs
            // PreCompact (hooks) and compact_boundary (transcript) name the same compaction.
            c.compactions = compactions.values.max() ?? 0
            c.assistantMessages = messages.isEmpty ? replies : messages.count
            c.toolCalls = toolIDs.count + anonymousTools
            c.toolErrors = sawOutcomes ? outcomeErrorIDs.count + anonymousOutcomeErrors : errorIDs.count + anonymousErrors
            if c.toolCalls == 0 {
                c.toolCalls = telemetryTools
                c.toolErrors = telemetryToolErrors
            }
            c.subagents = subagents
            let (tokens, vendorCost) = usage()
            for (model, tokens) in tokens {
                c.tokens = c.tokens + tokens
                if model != "unknown" { c.models.insert(model) }
                c.costUSD += prices.cost(model: model, tokens)
            }
            if let vendorCost { c.costUSD = vendorCost }
            c.firstAt = first
            c.lastAt = last
            return c
        }
    }

    /// `a` and `b` together: a tree's sum over its sessions.
    public static func + (a: AgentCounts, b: AgentCounts) -> AgentCounts {
        var c = AgentCounts()
        c.prompts = a.prompts + b.prompts
        c.assistantMessages = a.assistantMessages + b.assistantMessages
        c.toolCalls = a.toolCalls + b.toolCalls
        c.toolErrors = a.toolErrors + b.toolErrors
        c.compactions = a.compactions + b.compactions
        c.subagents = a.subagents + b.subagents
        c.tokens = a.tokens + b.tokens
        c.models = a.models.union(b.models)
        c.firstAt = [a.firstAt, b.firstAt].compactMap { $0 }.min()
        c.lastAt = [a.lastAt, b.lastAt].compactMap { $0 }.max()
        c.costUSD = a.costUSD + b.costUSD
        return c
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "prompts": .int(Int64(prompts)), "assistant_messages": .int(Int64(assistantMessages)), "tool_calls": .int(Int64(toolCalls)),
            "tool_errors": .int(Int64(toolErrors)), "compactions": .int(Int64(compactions)), "subagents": .int(Int64(subagents)),
            "tokens": tokens.json, "models": .array(models.sorted().map(JSONValue.string)),
            "cost_usd": .double((costUSD * 1_000_000).rounded() / 1_000_000),
        ]
        o["first_at"] = firstAt.map { .string($0.iso8601) } ?? .null
        o["last_at"] = lastAt.map { .string($0.iso8601) } ?? .null
        return .object(o)
    }
}

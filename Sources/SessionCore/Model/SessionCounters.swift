/// Running totals of a session, kept current on every append.
public struct SessionCounters: Sendable, Hashable {
    /// Events recorded by the client (the engine's own `session.*` events are not counted).
    public var events: Int64 = 0
    /// Events of type `error` or ending in `.error`.
    public var errors: Int64 = 0
    /// Events of type `tool.call`.
    public var toolCalls: Int64 = 0
    /// Sum of the events' `data.tokens`, or `data.usage.input_tokens + output_tokens`.
    public var tokens: Int64 = 0
    /// Sum of the events' `data.cost_usd`.
    public var costUSD: Double = 0
    /// Children created under this session.
    public var children: Int64 = 0

    public init() {}

    /// Counts one client event.
    public mutating func count(type: String, data: JSONValue) {
        events += 1
        if type == "error" || type.hasSuffix(".error") { errors += 1 }
        if type == "tool.call" { toolCalls += 1 }
        // Client-supplied numbers: saturate rather than trap on overflow.
        if let t = data["tokens"]?.int64Value {
            tokens = tokens.addingSaturated(t)
        } else if let usage = data["usage"] {
            let used = (usage["input_tokens"]?.int64Value ?? 0).addingSaturated(usage["output_tokens"]?.int64Value ?? 0)
            tokens = tokens.addingSaturated(used)
        }
        if let cost = data["cost_usd"]?.doubleValue, cost.isFinite { costUSD += cost }
    }

    public var json: JSONValue {
        [
            "events": .int(events), "errors": .int(errors), "tool_calls": .int(toolCalls),
            "tokens": .int(tokens), "cost_usd": .double(costUSD), "children": .int(children),
        ]
    }

    public init(json: JSONValue) {
        events = json["events"]?.int64Value ?? 0
        errors = json["errors"]?.int64Value ?? 0
        toolCalls = json["tool_calls"]?.int64Value ?? 0
        tokens = json["tokens"]?.int64Value ?? 0
        costUSD = json["cost_usd"]?.doubleValue ?? 0
        children = json["children"]?.int64Value ?? 0
    }
}

extension Int64 {
    /// `self + other`, clamped to `Int64.min...Int64.max` instead of trapping.
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}

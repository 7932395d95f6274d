/// Prices per million tokens, by model name prefix (the longest prefix that matches wins):
/// what `cost_usd` is worked out with. The defaults are the vendors' list prices as of 2026;
/// `SESSIOND_PRICES` names a JSON file `{"<model prefix>": {"input", "output", "cache_read",
/// "cache_creation"}}` that replaces or adds entries.
public struct PriceTable: Sendable, Hashable {
    public struct Price: Sendable, Hashable {
        public var input: Double, output: Double, cacheRead: Double, cacheCreation: Double
        public init(input: Double, output: Double, cacheRead: Double, cacheCreation: Double) {
            self.input = input
            self.output = output
            self.cacheRead = cacheRead
            self.cacheCreation = cacheCreation
        }
    }

    public var prices: [String: Price]

    public init(prices: [String: Price]) {
        self.prices = prices
    }

    public static let `default` = PriceTable(prices: [
        "claude-opus-4-5": Price(input: 5, output: 25, cacheRead: 0.5, cacheCreation: 6.25),
        "claude-opus-4-6": Price(input: 5, output: 25, cacheRead: 0.5, cacheCreation: 6.25),
        "claude-opus-4": Price(input: 15, output: 75, cacheRead: 1.5, cacheCreation: 18.75),
        "claude-sonnet-4": Price(input: 3, output: 15, cacheRead: 0.3, cacheCreation: 3.75),
        "claude-3-7-sonnet": Price(input: 3, output: 15, cacheRead: 0.3, cacheCreation: 3.75),
        "claude-haiku-4": Price(input: 1, output: 5, cacheRead: 0.1, cacheCreation: 1.25),
        "claude-3-5-haiku": Price(input: 0.8, output: 4, cacheRead: 0.08, cacheCreation: 1),
        "gpt-5": Price(input: 1.25, output: 10, cacheRead: 0.125, cacheCreation: 0),
        "gpt-5-mini": Price(input: 0.25, output: 2, cacheRead: 0.025, cacheCreation: 0),
        "gemini-2.5-pro": Price(input: 1.25, output: 10, cacheRead: 0.31, cacheCreation: 0),
        "gemini-2.5-flash": Price(input: 0.3, output: 2.5, cacheRead: 0.075, cacheCreation: 0),
        "gemini-3-pro": Price(input: 2, output: 12, cacheRead: 0.2, cacheCreation: 0),
    ])

    /// The price of `model`: the entry with the longest matching prefix, or none.
    public func price(of model: String) -> Price? {
        prices.keys.filter { model.hasPrefix($0) }.max { $0.count < $1.count }.flatMap { prices[$0] }
    }

    /// What `tokens` of `model` cost in USD; 0 for a model with no price.
    public func cost(model: String, _ tokens: AgentCounts.TokenCounts) -> Double {
        guard let p = price(of: model) else { return 0 }
        return (Double(tokens.input) * p.input + Double(tokens.output) * p.output + Double(tokens.cacheRead) * p.cacheRead
            + Double(tokens.cacheCreation) * p.cacheCreation) / 1_000_000
    }

    /// Reads `{"<prefix>": {"input", "output", "cache_read", "cache_creation"}}` over the defaults.
    public func merging(json: JSONValue) throws(SessionError) -> PriceTable {
        guard case .object(let o) = json else { throw SessionError(.invalidArgument, "a price table is a JSON object") }
        var table = self
        for (prefix, entry) in o {
            func field(_ name: String) throws(SessionError) -> Double {
                guard let value = entry[name]?.doubleValue, value >= 0 else {
                    throw SessionError(.invalidArgument, "price of \(prefix): \(name) must be a number ≥ 0 (USD per million tokens)")
                }
                return value
            }
            table.prices[prefix] = Price(input: try field("input"), output: try field("output"), cacheRead: try field("cache_read"), cacheCreation: try field("cache_creation"))
        }
        return table
    }
}

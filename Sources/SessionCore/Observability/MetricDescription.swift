/// One metric sessiond exports: its Prometheus name, help text, kind and histogram buckets.
public struct MetricDescription: Sendable, Hashable {
    /// What a metric measures over time.
    public enum Kind: String, Sendable, Hashable {
        case counter, gauge, histogram
    }

    /// The full Prometheus name, units in the name (`_seconds`, `_bytes`), counters end in `_total`.
    public let name: String
    public let help: String
    public let kind: Kind
    /// The label names it carries; every one has a bounded set of values.
    public let labels: [String]
    /// Upper bounds of a histogram's buckets, in the metric's unit; empty for other kinds.
    public let buckets: [Double]

    public init(name: String, help: String, kind: Kind, labels: [String] = [], buckets: [Double] = []) {
        self.name = name
        self.help = help
        self.kind = kind
        self.labels = labels
        self.buckets = buckets
    }
}

/// What a session did, as a direction: its event-type counts scaled to unit length.
///
/// Two sessions with the same mix of event types have similarity 1 whatever their sizes; sessions
/// sharing no type have 0. The engine's own `session.*` types are left out: every session has them.
///
/// ``AnalyticsGroups`` clusters profiles greedily for ``AnalyticsGrouping/feature``.
public struct FeatureProfile: Sendable, Hashable {
    /// Weight per event type, with Euclidean length 1; empty without client events.
    public let weights: [String: Double]
    /// The client events counted: the sum of the counts kept.
    public let events: Int64

    /// Profiles at least this similar belong together.
    public static let similarityThreshold = 0.8

    /// The profile of `eventTypes` (type → count); `session.*` types and counts ≤ 0 are ignored.
    public init(eventTypes: [String: Int64]) {
        let kept = eventTypes.filter { !EngineEventType.isEngine($0.key) && $0.value > 0 }
        let norm = Self.length(kept.mapValues(Double.init))
        weights = norm > 0 ? kept.mapValues { Double($0) / norm } : [:]
        events = kept.values.reduce(0) { $0.addingSaturated($1) }
    }

    /// No client events.
    public var isEmpty: Bool { weights.isEmpty }

    /// Cosine similarity, 0 (nothing in common) … 1 (the same mix); 0 if either profile is empty.
    public func similarity(to other: FeatureProfile) -> Double {
        Self.cosine(weights, other.weights)
    }

    /// The cosine of the angle between `a` and `b`; 0 if either is zero.
    ///
    /// Sums run in key order so equal inputs give bit-equal results whatever the dictionaries' order.
    static func cosine(_ a: [String: Double], _ b: [String: Double]) -> Double {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var dot = 0.0
        for key in small.keys.sorted() { dot += small[key]! * (large[key] ?? 0) }
        let lengths = length(a) * length(b)
        return lengths > 0 ? dot / lengths : 0
    }

    /// Euclidean length, summed in key order.
    static func length(_ v: [String: Double]) -> Double {
        var sum = 0.0
        for key in v.keys.sorted() { sum += v[key]! * v[key]! }
        return sum.squareRoot()
    }
}

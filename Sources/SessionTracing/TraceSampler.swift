/// Which new spans are recorded and exported: OpenTelemetry's standard samplers, chosen with
/// `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`.
public struct TraceSampler: Sendable, Hashable, CustomStringConvertible {
    private enum Rule: Hashable {
        case always(Bool)
        case ratio(Double)
    }

    private let root: Rule
    /// Whether a span with a parent follows the parent's decision.
    private let followsParent: Bool

    private init(root: Rule, followsParent: Bool) {
        self.root = root
        self.followsParent = followsParent
    }

    public static let alwaysOn = TraceSampler(root: .always(true), followsParent: false)
    public static let alwaysOff = TraceSampler(root: .always(false), followsParent: false)
    /// A fraction of traces, decided from the trace id so every service keeps the same ones.
    public static func traceIDRatio(_ ratio: Double) -> TraceSampler {
        TraceSampler(root: .ratio(min(max(ratio, 0), 1)), followsParent: false)
    }
    /// The parent's decision when there is a parent, else `root`'s: the default is
    /// `parentBased(.alwaysOn)`.
    public static func parentBased(_ root: TraceSampler) -> TraceSampler {
        TraceSampler(root: root.root, followsParent: true)
    }

    /// Whether a span of `traceID` under `parent` is sampled.
    public func isSampled(traceID: OTLPSpanContext.TraceID, parent: OTLPSpanContext?) -> Bool {
        if followsParent, let parent { return parent.isSampled }
        switch root {
        case .always(let on): return on
        case .ratio(let ratio):
            // The low 8 bytes are random in W3C trace ids (level 2 makes it the rightmost 7).
            guard ratio < 1 else { return true }
            let bound = UInt64(ratio * 9_223_372_036_854_775_808.0)  // ratio × 2^63
            return (traceID.low >> 1) < bound
        }
    }

    public var description: String {
        let base: String
        switch root {
        case .always(let on): base = on ? "always_on" : "always_off"
        case .ratio(let ratio): base = "traceidratio(\(ratio))"
        }
        return followsParent ? "parentbased_\(base)" : base
    }
}

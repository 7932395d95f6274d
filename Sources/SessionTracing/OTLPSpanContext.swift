public import Instrumentation
import SessionCore

/// The identity of a span as W3C Trace Context and OTLP carry it: a 16-byte trace id, an
/// 8-byte span id, whether the trace is sampled, and the vendor `tracestate`.
public struct OTLPSpanContext: Sendable, Hashable {
    /// The trace id, high 8 bytes first.
    public var traceID: TraceID
    /// Never zero.
    public var spanID: UInt64
    /// W3C's `sampled` flag: the trace is being recorded.
    public var isSampled: Bool
    /// Opaque `tracestate` passed along unchanged, if any.
    public var traceState: String?
    /// Whether it came from another process (a `traceparent` header).
    public var isRemote: Bool

    public init(traceID: TraceID, spanID: UInt64, isSampled: Bool, traceState: String? = nil, isRemote: Bool = false) {
        self.traceID = traceID
        self.spanID = spanID
        self.isSampled = isSampled
        self.traceState = traceState
        self.isRemote = isRemote
    }

    /// A 16-byte trace id.
    public struct TraceID: Sendable, Hashable {
        public var high: UInt64
        public var low: UInt64

        public init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }

        /// An all-zero id is invalid in W3C Trace Context and OTLP.
        public var isValid: Bool { high != 0 || low != 0 }

        /// 32 lowercase hex digits.
        public var hex: String { Hex.string(high, low) }
    }
}

extension ServiceContext {
    /// The span context our tracer keeps in a ``ServiceContext``.
    public var otlpSpanContext: OTLPSpanContext? {
        get { self[OTLPSpanContextKey.self] }
        set { self[OTLPSpanContextKey.self] = newValue }
    }
}

private enum OTLPSpanContextKey: ServiceContextKey {
    typealias Value = OTLPSpanContext
    static var nameOverride: String? { "otlp-span-context" }
}

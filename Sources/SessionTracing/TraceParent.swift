import SessionCore

extension OTLPSpanContext {
    /// The span context a caller's `traceparent` header names (remote), or `nil` when the
    /// header is unusable: see ``TraceParentHeader``.
    public init?(traceparent: String, traceState: String? = nil) {
        guard let header = TraceParentHeader(traceparent) else { return nil }
        self.init(
            traceID: TraceID(high: header.traceIDHigh, low: header.traceIDLow), spanID: header.spanID, isSampled: header.isSampled,
            traceState: traceState, isRemote: true)
    }

    /// This context as a `traceparent` header.
    public var traceparent: String {
        TraceParentHeader(traceIDHigh: traceID.high, traceIDLow: traceID.low, spanID: spanID, flags: isSampled ? 1 : 0).header
    }
}

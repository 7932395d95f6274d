public import Tracing

/// A swift-distributed-tracing `Tracer` whose sampled spans an ``OTLPExporter`` sends to an
/// OpenTelemetry collector over OTLP/HTTP. Context travels in W3C `traceparent` and
/// `tracestate` headers.
///
/// Starting and ending a span takes two lock acquisitions and no task hop: the cost that
/// matters when every request of a busy server is traced.
public struct OTLPTracer: Tracer {
    private let sampler: TraceSampler
    private let ids: TraceIDGenerator
    let buffer: SpanBuffer

    init(sampler: TraceSampler, buffer: SpanBuffer, ids: TraceIDGenerator = TraceIDGenerator()) {
        self.sampler = sampler
        self.buffer = buffer
        self.ids = ids
    }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind, at instant: @autoclosure () -> Instant,
        function: String, file fileID: String, line: UInt
    ) -> OTLPSpan {
        var context = context()
        let parent = context.otlpSpanContext
        let traceID = parent?.traceID ?? ids.nextTraceID()
        let sampled = sampler.isSampled(traceID: traceID, parent: parent)
        let spanContext = OTLPSpanContext(traceID: traceID, spanID: ids.nextSpanID(), isSampled: sampled, traceState: parent?.traceState)
        context.otlpSpanContext = spanContext
        return OTLPSpan(
            name: operationName, context: context, spanContext: spanContext, parentSpanID: parent?.spanID ?? 0,
            parentIsRemote: parent?.isRemote ?? false, kind: kind,
            startNanoseconds: sampled ? instant().nanosecondsSinceEpoch : 0, buffer: sampled ? buffer : nil)
    }

    /// Asks the exporter to send the ended spans now instead of on its schedule.
    public func forceFlush() {
        buffer.wake()
    }

    public func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        guard let spanContext = context.otlpSpanContext else { return }
        injector.inject(spanContext.traceparent, forKey: "traceparent", into: &carrier)
        if let state = spanContext.traceState, !state.isEmpty { injector.inject(state, forKey: "tracestate", into: &carrier) }
    }

    public func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier),
            let spanContext = OTLPSpanContext(traceparent: header, traceState: extractor.extract(key: "tracestate", from: carrier))
        else { return }
        context.otlpSpanContext = spanContext
    }
}

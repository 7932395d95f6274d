public import Logging

/// OpenTelemetry tracing over OTLP/HTTP: an ``OTLPTracer`` to bootstrap with
/// `InstrumentationSystem.bootstrap(_:)` and the ``OTLPExporter`` service that sends its spans.
public enum OTLPTracing {
    /// A tracer and its exporter for `configuration`.
    public static func make(configuration: OTLPConfiguration, logger: Logger) -> (tracer: OTLPTracer, exporter: OTLPExporter<ContinuousClock>) {
        make(configuration: configuration, logger: logger, clock: ContinuousClock())
    }

    /// The same on another clock (tests step a manual one through the export schedule).
    public static func make<C: Clock>(configuration: OTLPConfiguration, logger: Logger, clock: C) -> (tracer: OTLPTracer, exporter: OTLPExporter<C>)
    where C.Duration == Duration {
        let buffer = SpanBuffer(capacity: configuration.maxQueueSize, batchSize: configuration.maxExportBatchSize)
        return (OTLPTracer(sampler: configuration.sampler, buffer: buffer), OTLPExporter(configuration: configuration, buffer: buffer, logger: logger, clock: clock))
    }
}

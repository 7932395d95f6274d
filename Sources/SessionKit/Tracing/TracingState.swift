package import Tracing

/// Whether a real tracer is bootstrapped: without one, the engine and the server skip making
/// spans (and binding them as the task's context) on their hot paths.
package enum TracingState {
    /// Read once, on first use: `sessiond` bootstraps its tracer before it serves anything.
    package static let isEnabled: Bool = !(tracer is NoOpTracer)

    /// The bootstrapped tracer, read once: `InstrumentationSystem` reads it behind a lock on
    /// every call (the global `withSpan`, `inject`, `extract`).
    private static let tracer: any Tracer = InstrumentationSystem.tracer

    /// The bootstrapped instrument's context read from a carrier (the server's request headers).
    package static func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        tracer.extract(carrier, into: &context, using: extractor)
    }

    /// The bootstrapped instrument's headers for a context.
    package static func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        tracer.inject(context, into: &carrier, using: injector)
    }

    /// A new span of the bootstrapped tracer; end it. It is not bound as the task's context:
    /// bind `span.context` (`ServiceContext.$current.withValue`) where the work below makes
    /// spans or links to it, as the server's request span does. A store operation's span needs
    /// no binding, and a task-local push is a good part of a span's cost.
    package static func startSpan(_ name: String, context: ServiceContext = .current ?? .topLevel, ofKind kind: SpanKind) -> any Span {
        tracer.startAnySpan(name, context: context, ofKind: kind)
    }
}

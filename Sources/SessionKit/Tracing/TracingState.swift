package import Tracing

/// Whether a real tracer is bootstrapped: without one, the engine and the server skip making
/// spans (and binding them as the task's context) on their hot paths.
package enum TracingState {
    /// Read once, on first use: `sessiond` bootstraps its tracer before it serves anything.
    package static let isEnabled: Bool = !(tracer is NoOpTracer)

    /// The bootstrapped tracer, read once: the global `withSpan` reads it behind a lock on
    /// every call.
    private static let tracer: any Tracer = InstrumentationSystem.tracer

    /// Runs `body` in a new span of the bootstrapped tracer, bound as the task's context.
    package static func withSpan<T>(
        _ name: String, context: ServiceContext = .current ?? .topLevel, ofKind kind: SpanKind, isolation: isolated (any Actor)? = #isolation,
        _ body: (any Span) async throws -> T
    ) async rethrows -> T {
        try await withSpan(tracer, name, context: context, ofKind: kind, isolation: isolation, body)
    }

    private static func withSpan<Traced: Tracer, T>(
        _ tracer: Traced, _ name: String, context: ServiceContext, ofKind kind: SpanKind, isolation: isolated (any Actor)?,
        _ body: (any Span) async throws -> T
    ) async rethrows -> T {
        try await tracer.withSpan(name, context: context, ofKind: kind, isolation: isolation) { span in try await body(span) }
    }
}

import Tracing

/// Whether a real tracer is bootstrapped: without one, the engine and the server skip making
/// spans (and binding them as the task's context) on their hot paths.
package enum TracingState {
    /// Read once, on first use: `sessiond` bootstraps its tracer before it serves anything.
    package static let isEnabled: Bool = !(InstrumentationSystem.tracer is NoOpTracer)
}

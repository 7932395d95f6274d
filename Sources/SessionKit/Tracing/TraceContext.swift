import Instrumentation
import SessionCore
import ServiceContextModule

/// The W3C trace context (`traceparent`) of the current task: the ids of the span that is
/// running now, read through the bootstrapped instrument, whichever tracer that is.
///
/// The engine stamps them on events a client sends without its own, so each event links to
/// the span that wrote it.
public struct TraceContext: Sendable, Hashable {
    /// 32 lowercase hex digits.
    public var traceID: String
    /// 16 lowercase hex digits.
    public var spanID: String

    public init?(traceparent: String) {
        guard let header = TraceParentHeader(traceparent) else { return nil }
        traceID = header.traceIDHex
        spanID = header.spanIDHex
    }

    /// The current span's ids, or `nil` when no tracer is bootstrapped or no span is running.
    public static var current: TraceContext? {
        guard let context = ServiceContext.current else { return nil }
        var traceparent: String?
        TracingState.inject(context, into: &traceparent, using: TraceparentInjector())
        return traceparent.flatMap(TraceContext.init(traceparent:))
    }
}

/// Keeps only the `traceparent` an instrument injects: this runs on every traced append.
private struct TraceparentInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout String?) {
        if key.utf8.count == 11, key.lowercased() == "traceparent" { carrier = value }
    }
}

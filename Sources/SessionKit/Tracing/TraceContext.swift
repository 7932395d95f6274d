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
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier["traceparent"].flatMap(TraceContext.init(traceparent:))
    }
}

private struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key.lowercased()] = value
    }
}

import Synchronization
public import Tracing

/// A span of ``OTLPTracer``. A sampled span records its name, attributes, events, links and
/// status until it ends, then goes to the exporter's queue; an unsampled one only carries its
/// context, so its children and outgoing calls stay in the same trace.
public final class OTLPSpan: Span {
    private struct State {
        var name: String
        var attributes: SpanAttributes = [:]
        var events: [SpanEvent] = []
        var links: [OTLPSpanRecord.Link] = []
        var status: SpanStatus?
        var ended = false
    }

    public let context: ServiceContext
    /// The ids this span has (also in ``context``).
    public let spanContext: OTLPSpanContext
    private let parentSpanID: UInt64
    private let parentIsRemote: Bool
    private let kind: SpanKind
    private let startNanoseconds: UInt64
    private let buffer: SpanBuffer?
    private let state: Mutex<State>

    init(
        name: String, context: ServiceContext, spanContext: OTLPSpanContext, parentSpanID: UInt64, parentIsRemote: Bool, kind: SpanKind,
        startNanoseconds: UInt64, buffer: SpanBuffer?
    ) {
        self.context = context
        self.spanContext = spanContext
        self.parentSpanID = parentSpanID
        self.parentIsRemote = parentIsRemote
        self.kind = kind
        self.startNanoseconds = startNanoseconds
        self.buffer = buffer
        self.state = Mutex(State(name: name))
    }

    public var isRecording: Bool { buffer != nil && !state.withLock { $0.ended } }

    public var operationName: String {
        get { state.withLock { $0.name } }
        set { record { $0.name = newValue } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { record { $0.attributes = newValue } }
    }

    public func setStatus(_ status: SpanStatus) {
        record { state in
            // OpenTelemetry: OK is final, and an unset status cannot override a set one.
            guard state.status?.code != .ok else { return }
            state.status = status
        }
    }

    public func addEvent(_ event: SpanEvent) {
        record { $0.events.append(event) }
    }

    public func addLink(_ link: SpanLink) {
        guard let context = link.context.otlpSpanContext else { return }
        record { $0.links.append(OTLPSpanRecord.Link(context: context, attributes: link.attributes)) }
    }

    /// An `exception` event (OpenTelemetry's semantic convention) with the error's type and text.
    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        guard buffer != nil else { return }
        var attributes = attributes
        attributes["exception.type"] = String(reflecting: type(of: error))
        attributes["exception.message"] = String(describing: error)
        addEvent(SpanEvent(name: "exception", at: instant(), attributes: attributes))
    }

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        guard let buffer else { return }
        let ended: State? = state.withLock { state in
            guard !state.ended else { return nil }
            state.ended = true
            return state
        }
        guard let ended else { return }
        buffer.append(
            OTLPSpanRecord(
                context: spanContext, parentSpanID: parentSpanID, parentIsRemote: parentIsRemote, name: ended.name, kind: kind, startNanoseconds: startNanoseconds,
                endNanoseconds: instant().nanosecondsSinceEpoch, attributes: ended.attributes, events: ended.events, links: ended.links,
                status: ended.status))
    }

    private func record(_ change: (inout State) -> Void) {
        guard buffer != nil else { return }
        state.withLock { state in
            guard !state.ended else { return }
            change(&state)
        }
    }
}

package import Tracing

/// A span that has ended, as the exporter sends it.
package struct OTLPSpanRecord: Sendable {
    package struct Link: Sendable {
        package var context: OTLPSpanContext
        package var attributes: SpanAttributes
    }

    package var context: OTLPSpanContext
    /// Zero for a root span.
    package var parentSpanID: UInt64
    /// Whether the parent came from another process.
    package var parentIsRemote: Bool
    package var name: String
    package var kind: SpanKind
    package var startNanoseconds: UInt64
    package var endNanoseconds: UInt64
    package var attributes: SpanAttributes
    package var events: [SpanEvent]
    package var links: [Link]
    package var status: SpanStatus?

    package init(
        context: OTLPSpanContext, parentSpanID: UInt64, parentIsRemote: Bool = false, name: String, kind: SpanKind, startNanoseconds: UInt64, endNanoseconds: UInt64,
        attributes: SpanAttributes = [:], events: [SpanEvent] = [], links: [Link] = [], status: SpanStatus? = nil
    ) {
        self.context = context
        self.parentSpanID = parentSpanID
        self.parentIsRemote = parentIsRemote
        self.name = name
        self.kind = kind
        self.startNanoseconds = startNanoseconds
        self.endNanoseconds = endNanoseconds
        self.attributes = attributes
        self.events = events
        self.links = links
        self.status = status
    }
}

import SessionCore
import Tracing

/// Encodes ended spans as an OTLP `ExportTraceServiceRequest`: binary protobuf for
/// `http/protobuf`, or the OTLP/JSON mapping for `http/json` (ids in hex, 64-bit integers as
/// strings, enums as numbers).
package struct OTLPTraceEncoder: Sendable {
    /// The resource's attributes: `service.name` and the rest.
    package var resource: [(key: String, value: String)]
    /// The instrumentation scope's name.
    package var scope: String

    package init(resource: [(key: String, value: String)], scope: String) {
        self.resource = resource
        self.scope = scope
    }

    // MARK: Protobuf

    package func protobuf(_ spans: some Collection<OTLPSpanRecord>) -> [UInt8] {
        var request = ProtobufWriter()
        request.message(1, always: true) { resourceSpans in  // ExportTraceServiceRequest.resource_spans
            resourceSpans.message(1) { resource in  // ResourceSpans.resource
                for (key, value) in self.resource { resource.message(1) { Self.keyValue(&$0, key, .string(value)) } }
            }
            resourceSpans.message(2, always: true) { scopeSpans in  // ResourceSpans.scope_spans
                scopeSpans.message(1) { $0.string(1, scope) }  // InstrumentationScope.name
                for span in spans { scopeSpans.message(2, always: true) { Self.span(&$0, span) } }
            }
        }
        return request.bytes
    }

    private static func span(_ out: inout ProtobufWriter, _ span: OTLPSpanRecord) {
        out.id(1, span.context.traceID.high, span.context.traceID.low)
        out.id(2, span.context.spanID)
        out.string(3, span.context.traceState ?? "")
        out.id(4, span.parentSpanID)
        out.string(5, span.name)
        out.uint64(6, kind(span.kind))
        out.fixed64(7, span.startNanoseconds)
        out.fixed64(8, span.endNanoseconds)
        span.attributes.forEach { key, value in out.message(9) { keyValue(&$0, key, value) } }
        for event in span.events {
            out.message(11, always: true) { event_ in
                event_.fixed64(1, event.nanosecondsSinceEpoch)
                event_.string(2, event.name)
                event.attributes.forEach { key, value in event_.message(3) { keyValue(&$0, key, value) } }
            }
        }
        for link in span.links {
            out.message(13, always: true) { link_ in
                link_.id(1, link.context.traceID.high, link.context.traceID.low)
                link_.id(2, link.context.spanID)
                link_.string(3, link.context.traceState ?? "")
                link.attributes.forEach { key, value in link_.message(4) { keyValue(&$0, key, value) } }
                link_.fixed32(6, flags(sampled: link.context.isSampled, remote: link.context.isRemote))
            }
        }
        if let status = span.status {
            out.message(15) { status_ in
                status_.string(2, status.message ?? "")
                status_.uint64(3, status.code == .ok ? 1 : 2)
            }
        }
        out.fixed32(16, flags(sampled: span.context.isSampled, remote: span.parentSpanID != 0 && span.parentIsRemote))
    }

    private static func keyValue(_ out: inout ProtobufWriter, _ key: String, _ value: SpanAttribute) {
        out.string(1, key)
        out.message(2, always: true) { anyValue(&$0, value) }
    }

    private static func anyValue(_ out: inout ProtobufWriter, _ value: SpanAttribute) {
        switch value {
        case .string(let value): out.string(1, value, always: true)
        case .bool(let value): out.bool(2, value, always: true)
        case .int32(let value): out.int64(3, Int64(value), always: true)
        case .int64(let value): out.int64(3, value, always: true)
        case .double(let value): out.double(4, value, always: true)
        case .stringConvertible(let value): out.string(1, value.description, always: true)
        case .stringArray(let values): array(&out, values.map(SpanAttribute.string))
        case .boolArray(let values): array(&out, values.map(SpanAttribute.bool))
        case .int32Array(let values): array(&out, values.map(SpanAttribute.int32))
        case .int64Array(let values): array(&out, values.map(SpanAttribute.int64))
        case .doubleArray(let values): array(&out, values.map(SpanAttribute.double))
        case .stringConvertibleArray(let values): array(&out, values.map { .string($0.description) })
        default: out.string(1, "", always: true)
        }
    }

    private static func array(_ out: inout ProtobufWriter, _ values: [SpanAttribute]) {
        out.message(5, always: true) { array in  // AnyValue.array_value
            for value in values { array.message(1, always: true) { anyValue(&$0, value) } }
        }
    }

    static func kind(_ kind: SpanKind) -> UInt64 {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }

    /// W3C trace flags in the low byte, then whether the parent's remoteness is known (0x100)
    /// and whether it was remote (0x200).
    static func flags(sampled: Bool, remote: Bool) -> UInt32 {
        (sampled ? 0x01 : 0) | 0x100 | (remote ? 0x200 : 0)
    }
}

import SessionCore
import Tracing

extension OTLPTraceEncoder {
    /// The OTLP/JSON form of the same request.
    package func json(_ spans: some Collection<OTLPSpanRecord>) -> [UInt8] {
        let resource: JSONValue = .object(["attributes": .array(self.resource.map { Self.keyValue($0.key, .string($0.value)) })])
        let scopeSpans: JSONValue = .object(["scope": .object(["name": .string(scope)]), "spans": .array(spans.map(Self.span))])
        return JSONWriter.bytes(.object(["resourceSpans": .array([.object(["resource": resource, "scopeSpans": .array([scopeSpans])])])]))
    }

    private static func span(_ span: OTLPSpanRecord) -> JSONValue {
        var object: [String: JSONValue] = [
            "traceId": .string(span.context.traceID.hex), "spanId": .string(Hex.string(span.context.spanID)),
            "name": .string(span.name), "kind": .int(Int64(kind(span.kind))),
            "startTimeUnixNano": .string(String(span.startNanoseconds)), "endTimeUnixNano": .string(String(span.endNanoseconds)),
            "attributes": .array(attributes(span.attributes)),
            "flags": .int(Int64(flags(sampled: span.context.isSampled, remote: span.parentSpanID != 0 && span.parentIsRemote))),
        ]
        if span.parentSpanID != 0 { object["parentSpanId"] = .string(Hex.string(span.parentSpanID)) }
        if let state = span.context.traceState, !state.isEmpty { object["traceState"] = .string(state) }
        if !span.events.isEmpty {
            object["events"] = .array(
                span.events.map { event in
                    .object([
                        "timeUnixNano": .string(String(event.nanosecondsSinceEpoch)), "name": .string(event.name),
                        "attributes": .array(attributes(event.attributes)),
                    ])
                })
        }
        if !span.links.isEmpty {
            object["links"] = .array(
                span.links.map { link in
                    .object([
                        "traceId": .string(link.context.traceID.hex), "spanId": .string(Hex.string(link.context.spanID)),
                        "attributes": .array(attributes(link.attributes)),
                    ])
                })
        }
        if let status = span.status {
            var statusObject: [String: JSONValue] = ["code": .int(status.code == .ok ? 1 : 2)]
            if let message = status.message, !message.isEmpty { statusObject["message"] = .string(message) }
            object["status"] = .object(statusObject)
        }
        return .object(object)
    }

    private static func attributes(_ attributes: SpanAttributes) -> [JSONValue] {
        var list: [JSONValue] = []
        attributes.forEach { key, value in list.append(keyValue(key, value)) }
        return list
    }

    private static func keyValue(_ key: String, _ value: SpanAttribute) -> JSONValue {
        .object(["key": .string(key), "value": anyValue(value)])
    }

    private static func anyValue(_ value: SpanAttribute) -> JSONValue {
        func array(_ values: [SpanAttribute]) -> JSONValue { .object(["arrayValue": .object(["values": .array(values.map(anyValue))])]) }
        switch value {
        case .string(let value): return .object(["stringValue": .string(value)])
        case .bool(let value): return .object(["boolValue": .bool(value)])
        case .int32(let value): return .object(["intValue": .string(String(value))])
        case .int64(let value): return .object(["intValue": .string(String(value))])
        case .double(let value): return .object(["doubleValue": .double(value)])
        case .stringConvertible(let value): return .object(["stringValue": .string(value.description)])
        case .stringArray(let values): return array(values.map(SpanAttribute.string))
        case .boolArray(let values): return array(values.map(SpanAttribute.bool))
        case .int32Array(let values): return array(values.map(SpanAttribute.int32))
        case .int64Array(let values): return array(values.map(SpanAttribute.int64))
        case .doubleArray(let values): return array(values.map(SpanAttribute.double))
        case .stringConvertibleArray(let values): return array(values.map { .string($0.description) })
        default: return .object(["stringValue": .string("")])
        }
    }
}

import SessionCore
import Testing
import Tracing

@testable import SessionTracing

struct OTLPTraceEncoderTests {
    static let encoder = OTLPTraceEncoder(resource: [("service.name", "sessiond"), ("deployment.environment", "test")], scope: "sessiond")
    static let parent = OTLPSpanContext(traceID: .init(high: 0x4bf9_2f35_77b3_4da6, low: 0xa3ce_929d_0e0e_4736), spanID: 0x00f0_67aa_0ba9_02b7, isSampled: true)

    static func record() -> OTLPSpanRecord {
        var attributes: SpanAttributes = [:]
        attributes["session.id"] = "0193a5c2-7d1e-7c3a-9f0e-6b8d2a4c1e5f"
        attributes["http.response.status_code"] = 201
        attributes["retried"] = false
        attributes["ratio"] = 0.5
        attributes["tags"] = ["a", "b"]
        attributes["empty"] = ""
        return OTLPSpanRecord(
            context: OTLPSpanContext(traceID: parent.traceID, spanID: 0x1122_3344_5566_7788, isSampled: true, traceState: "vendor=1"),
            parentSpanID: parent.spanID, parentIsRemote: true, name: "POST /v1/sessions/{id}/events", kind: .server,
            startNanoseconds: 1_700_000_000_000_000_000, endNanoseconds: 1_700_000_000_250_000_000, attributes: attributes,
            events: [SpanEvent(name: "exception", at: FixedInstant(nanosecondsSinceEpoch: 1_700_000_000_100_000_000), attributes: ["exception.type": "X"])],
            links: [.init(context: parent, attributes: ["link.kind": "retry"])], status: SpanStatus(code: .error, message: "boom"))
    }

    @Test func protobufCarriesEveryField() throws {
        let request = try ProtobufMessage(Self.encoder.protobuf([Self.record(), Self.record()]))
        let resourceSpans = try #require(try request.message(1))
        let resource = try #require(try resourceSpans.message(1))
        #expect(try resource.keyValues(1).mapValues { $0.string(1) } == ["service.name": "sessiond", "deployment.environment": "test"])
        let scopeSpans = try #require(try resourceSpans.message(2))
        #expect(try scopeSpans.message(1)?.string(1) == "sessiond")
        let spans = try scopeSpans.messages(2)
        #expect(spans.count == 2)
        let span = try #require(spans.first)
        #expect(hex(span.bytes(1) ?? []) == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(hex(span.bytes(2) ?? []) == "1122334455667788")
        #expect(span.string(3) == "vendor=1")
        #expect(hex(span.bytes(4) ?? []) == "00f067aa0ba902b7")
        #expect(span.string(5) == "POST /v1/sessions/{id}/events")
        #expect(span.varint(6) == 2)  // SPAN_KIND_SERVER
        #expect(span.fixed64(7) == 1_700_000_000_000_000_000)
        #expect(span.fixed64(8) == 1_700_000_000_250_000_000)
        let attributes = try span.keyValues(9)
        #expect(attributes["session.id"]?.string(1) == "0193a5c2-7d1e-7c3a-9f0e-6b8d2a4c1e5f")
        #expect(attributes["http.response.status_code"]?.varint(3) == 201)
        #expect(attributes["retried"]?.varint(2) == 0)
        #expect(attributes["retried"]?.fields.count == 1)  // a oneof keeps its false
        #expect(attributes["ratio"]?.fixed64(4) == 0.5.bitPattern)
        #expect(try attributes["tags"]?.message(5)?.messages(1).map { $0.string(1) } == ["a", "b"])
        #expect(attributes["empty"]?.string(1) == "")
        #expect(attributes["empty"]?.fields.count == 1)
        let event = try #require(try span.message(11))
        #expect(event.fixed64(1) == 1_700_000_000_100_000_000)
        #expect(event.string(2) == "exception")
        #expect(try event.keyValues(3)["exception.type"]?.string(1) == "X")
        let link = try #require(try span.message(13))
        #expect(hex(link.bytes(2) ?? []) == "00f067aa0ba902b7")
        #expect(try link.keyValues(4)["link.kind"]?.string(1) == "retry")
        let status = try #require(try span.message(15))
        #expect(status.string(2) == "boom")
        #expect(status.varint(3) == 2)
        #expect(span.fixed32(16) == 0x301)  // sampled, parent known to be remote
    }

    @Test func longMessagesGetMultiByteLengths() throws {
        var record = Self.record()
        record.name = String(repeating: "n", count: 300)
        record.attributes["long"] = String(repeating: "v", count: 20_000)
        let spans = try #require(try ProtobufMessage(Self.encoder.protobuf([record])).message(1)?.message(2)?.messages(2))
        #expect(spans.first?.string(5)?.count == 300)
        #expect(try spans.first?.keyValues(9)["long"]?.string(1)?.count == 20_000)
    }

    @Test func rootSpanHasNoParentAndNoRemoteFlag() throws {
        let root = OTLPSpanRecord(
            context: OTLPSpanContext(traceID: .init(high: 1, low: 2), spanID: 3, isSampled: true), parentSpanID: 0, name: "store.update",
            kind: .client, startNanoseconds: 10, endNanoseconds: 20)
        let span = try #require(try ProtobufMessage(Self.encoder.protobuf([root])).message(1)?.message(2)?.message(2))
        #expect(span.bytes(4) == nil)
        #expect(try span.message(15) == nil)
        #expect(span.varint(6) == 3)
        #expect(span.fixed32(16) == 0x101)
    }

    @Test func jsonFollowsTheOTLPMapping() throws {
        let request = try JSONParser.parse(Self.encoder.json([Self.record()]))
        let resourceSpans = try #require(request["resourceSpans"]?.arrayValue?.first)
        #expect(resourceSpans["resource"]?["attributes"]?.arrayValue?.first?["value"]?["stringValue"]?.stringValue == "sessiond")
        let span = try #require(resourceSpans["scopeSpans"]?.arrayValue?.first?["spans"]?.arrayValue?.first)
        #expect(span["traceId"]?.stringValue == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span["spanId"]?.stringValue == "1122334455667788")
        #expect(span["parentSpanId"]?.stringValue == "00f067aa0ba902b7")
        #expect(span["kind"]?.int64Value == 2)
        #expect(span["startTimeUnixNano"]?.stringValue == "1700000000000000000")
        let attributes = Dictionary(uniqueKeysWithValues: (span["attributes"]?.arrayValue ?? []).map { ($0["key"]?.stringValue ?? "", $0["value"]) })
        #expect(attributes["http.response.status_code"]??["intValue"]?.stringValue == "201")
        #expect(attributes["retried"]??["boolValue"] == .bool(false))
        #expect(span["status"]?["code"]?.int64Value == 2)
        #expect(span["status"]?["message"]?.stringValue == "boom")
        #expect(span["events"]?.arrayValue?.first?["name"]?.stringValue == "exception")
    }
}

struct FixedInstant: TracerInstant {
    var nanosecondsSinceEpoch: UInt64
    static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch }
}

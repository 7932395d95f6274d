import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import SessionCore
import Synchronization
import TestSupport
import Testing

/// Receives OTLP/HTTP (JSON) trace exports on loopback, as a collector would.
final class OTLPReceiver: Sendable {
    struct Span: Sendable {
        var traceID: String
        var spanID: String
        var parentSpanID: String
        var name: String
        var attributes: [String: String]
    }

    private let received = Mutex<[Span]>([])

    var spans: [Span] { received.withLock { $0 } }

    /// Trace and span ids arrive as hex (the OTLP/JSON rule) or, from a generic protobuf JSON
    /// encoder, as base64: both become lowercase hex.
    static func hex(_ text: String) -> String {
        if text.count % 2 == 0, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let data = Data(base64Encoded: text) else { return text }
        return data.map { String(format: "%02x", $0) }.joined()
    }

    func record(_ body: JSONValue) {
        var spans: [Span] = []
        for resource in body["resourceSpans"]?.arrayValue ?? [] {
            for scope in resource["scopeSpans"]?.arrayValue ?? [] {
                for span in scope["spans"]?.arrayValue ?? [] {
                    var attributes: [String: String] = [:]
                    for attribute in span["attributes"]?.arrayValue ?? [] {
                        guard let key = attribute["key"]?.stringValue, let value = attribute["value"] else { continue }
                        attributes[key] = value["stringValue"]?.stringValue ?? value["intValue"]?.stringValue
                            ?? value["intValue"]?.int64Value.map(String.init)
                    }
                    spans.append(
                        Span(
                            traceID: Self.hex(span["traceId"]?.stringValue ?? ""), spanID: Self.hex(span["spanId"]?.stringValue ?? ""),
                            parentSpanID: Self.hex(span["parentSpanId"]?.stringValue ?? ""), name: span["name"]?.stringValue ?? "",
                            attributes: attributes))
                }
            }
        }
        received.withLock { $0 += spans }
    }

    /// Runs a receiver on a free loopback port for the length of `body`.
    static func withReceiver<T: Sendable>(_ body: @Sendable (OTLPReceiver, Int) async throws -> T) async throws -> T {
        let receiver = OTLPReceiver()
        let router = Router()
        router.post("v1/traces") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 16 << 20)
            receiver.record(try JSONParser.parse(Array(buffer: bytes)))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        return try await LoopbackServer.with(router) { port in try await body(receiver, port) }
    }
}

@Suite struct TracingProcessTests {
    @Test(.timeLimit(.minutes(1)))
    func spansReachAnOTLPEndpointAndEventsLinkToThem() async throws {
        try await OTLPReceiver.withReceiver { receiver, otlpPort in
            let cli = try CLIProcess.temporary()
            defer { cli.cleanUp() }
            let (process, port, _) = try ServeProcessTests.start(
                cli,
                environment: [
                    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(otlpPort)", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
                    "OTEL_BSP_SCHEDULE_DELAY": "50",
                ])
            defer {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
            let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
            let callerSpan = "00f067aa0ba902b7"
            func post(_ path: String, _ body: String) async throws -> JSONValue {
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
                request.httpMethod = "POST"
                request.setValue("00-\(traceID)-\(callerSpan)-01", forHTTPHeaderField: "traceparent")
                request.httpBody = Data(body.utf8)
                let (data, _) = try await URLSession.shared.data(for: request)
                return try JSONParser.parse(Array(data))
            }
            let id = try #require(try await post("/v1/sessions", #"{"application":"traced"}"#)["id"]?.stringValue)
            let appended = try await post("/v1/sessions/\(id)/events", #"{"type":"tool.call"}"#)
            let event = try #require(appended["events"]?.arrayValue?.first)

            // The batch processor exports within its schedule delay.
            let exported = await eventually(timeout: .seconds(20)) {
                let names = Set(receiver.spans.filter { $0.traceID == traceID }.map(\.name))
                return names.contains("POST /v1/sessions/{id}/events") && names.contains("store.update")
            }
            #expect(exported, "the server process exported no request and store spans")
            let spans = receiver.spans.filter { $0.traceID == traceID }
            let request = try #require(spans.first { $0.name == "POST /v1/sessions/{id}/events" })
            #expect(request.parentSpanID == callerSpan)  // the caller's trace continues
            #expect(request.attributes["session.id"] == id)
            #expect(request.attributes["http.route"] == "/v1/sessions/{id}/events")
            let store = try #require(spans.first { $0.name == "store.update" && $0.parentSpanID == request.spanID })
            #expect(store.attributes["session.id"] == id)
            #expect(store.attributes["db.system.name"] == "sqlite")
            #expect(spans.contains { $0.name == "POST /v1/sessions" && $0.parentSpanID == callerSpan })
            // The event links to the span of the request that wrote it.
            #expect(event["trace_id"]?.stringValue == traceID)
            #expect(event["span_id"]?.stringValue == request.spanID)
        }
    }
}

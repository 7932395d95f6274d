import Foundation
import SessionCore
import Testing

/// A protobuf writer for the tests: field keys and values by hand, from opentelemetry-proto's
/// field numbers, so the decoder is checked against bytes laid out as the spec says.
enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }
    static func key(_ number: Int, _ wire: UInt64) -> [UInt8] { varint(UInt64(number) << 3 | wire) }
    static func message(_ number: Int, _ parts: [UInt8]...) -> [UInt8] {
        let body = parts.flatMap { $0 }
        return key(number, 2) + varint(UInt64(body.count)) + body
    }
    static func string(_ number: Int, _ text: String) -> [UInt8] { message(number, Array(text.utf8)) }
    static func int(_ number: Int, _ value: UInt64) -> [UInt8] { key(number, 0) + varint(value) }
    static func fixed64(_ number: Int, _ value: UInt64) -> [UInt8] { key(number, 1) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func double(_ number: Int, _ value: Double) -> [UInt8] { fixed64(number, value.bitPattern) }
    /// `KeyValue { key = 1; AnyValue value = 2 }` as attribute field `number`.
    static func attribute(_ number: Int, _ name: String, _ value: [UInt8]) -> [UInt8] { message(number, string(1, name), message(2, value)) }
}

@Suite struct OTLPProtobufTests {
    static let time: UInt64 = 1_781_863_260_123_000_000  // 2026-06-19T10:01:00.123Z

    /// One Claude Code `api_request` log, as an exporter lays it out, with fields this reader
    /// does not know (a future field, severity, a trace id) in between.
    static var logsRequest: [UInt8] {
        let resource = Wire.message(1, Wire.attribute(1, "service.name", Wire.string(1, "claude-code")))
        let record = Wire.fixed64(1, time) + Wire.int(2, 9) + Wire.message(5, Wire.string(1, "claude_code.api_request"))
            + Wire.attribute(6, "session.id", Wire.string(1, "s-1"))
            + Wire.attribute(6, "input_tokens", Wire.int(3, 1200))
            + Wire.attribute(6, "cost_usd", Wire.double(4, 0.0123))
            + Wire.attribute(6, "cached", Wire.int(2, 1))
            + Wire.attribute(6, "tags", Wire.message(5, Wire.message(1, Wire.string(1, "a")), Wire.message(1, Wire.int(3, UInt64(bitPattern: -2)))))
            + Wire.attribute(6, "nested", Wire.message(6, Wire.attribute(1, "k", Wire.string(1, "v"))))
            + Wire.attribute(6, "raw", Wire.message(7, [0xDE, 0xAD]))
            + Wire.message(9, [0x01, 0xAB]) + Wire.int(99, 7) + Wire.string(98, "future") + Wire.string(12, "claude_code.api_request")
        let scopeLogs = Wire.message(2, Wire.message(1, Wire.string(1, "com.anthropic.claude_code"), Wire.string(2, "2.1.0")), Wire.message(2, record))
        return Wire.message(1, resource, scopeLogs)
    }

    static let logsJSON: JSONValue = [
        "resourceLogs": [[
            "resource": ["attributes": [["key": "service.name", "value": ["stringValue": "claude-code"]]]],
            "scopeLogs": [[
                "scope": ["name": "com.anthropic.claude_code", "version": "2.1.0"],
                "logRecords": [[
                    "timeUnixNano": "1781863260123000000", "severityNumber": 9, "body": ["stringValue": "claude_code.api_request"],
                    "traceId": "01ab", "eventName": "claude_code.api_request",
                    "attributes": [
                        ["key": "session.id", "value": ["stringValue": "s-1"]],
                        ["key": "input_tokens", "value": ["intValue": "1200"]],
                        ["key": "cost_usd", "value": ["doubleValue": 0.0123]],
                        ["key": "cached", "value": ["boolValue": true]],
                        ["key": "tags", "value": ["arrayValue": ["values": [["stringValue": "a"], ["intValue": "-2"]]]]],
                        ["key": "nested", "value": ["kvlistValue": ["values": [["key": "k", "value": ["stringValue": "v"]]]]]],
                        ["key": "raw", "value": ["bytesValue": "3q0="]],
                    ],
                ]],
            ]],
        ]]
    ]

    @Test func aLogsRequestDecodesToItsJSONForm() throws {
        #expect(try OTLPProtobuf.logsRequest(Self.logsRequest) == Self.logsJSON)
    }

    @Test func bothEncodingsGiveTheSameRecordsSoARetryInEitherAddsNothing() throws {
        let fromProtobuf = TelemetryLogs.records(try OTLPProtobuf.logsRequest(Self.logsRequest))
        let fromJSON = TelemetryLogs.records(try JSONParser.parse(JSONWriter.string(Self.logsJSON)))
        #expect(fromProtobuf.records.count == 1)
        #expect(fromProtobuf.records == fromJSON.records)
        let record = try #require(fromProtobuf.records.first)
        #expect(record.event.type == "telemetry.api_request")
        #expect(record.event.data["usage"]?["input"] == 1200)
        #expect(record.time == Timestamp(milliseconds: 1_781_863_260_123))
    }

    @Test func aMetricsRequestDecodesSumsGaugesAndHistograms() throws {
        let session = Wire.attribute(7, "session.id", Wire.string(1, "s-1"))
        let point = session + Wire.fixed64(2, Self.time - 60_000_000_000) + Wire.fixed64(3, Self.time) + Wire.fixed64(6, UInt64(bitPattern: -5))
        let sum = Wire.message(7, Wire.message(1, point), Wire.int(2, 1), Wire.int(3, 1))
        let gauge = Wire.message(5, Wire.message(1, session + Wire.fixed64(3, Self.time) + Wire.double(4, 0.5)))
        let histogram = Wire.message(
            9, Wire.message(1, Wire.attribute(9, "session.id", Wire.string(1, "s-1")) + Wire.fixed64(3, Self.time) + Wire.fixed64(4, 3) + Wire.double(5, 7.5) + Wire.message(6, [1, 2])),
            Wire.int(2, 2))
        let metrics = [Wire.string(1, "claude_code.token.usage") + Wire.string(3, "tokens") + sum, Wire.string(1, "g") + gauge, Wire.string(1, "h") + histogram]
        let scope = Wire.message(2, Wire.message(1, Wire.string(1, "com.anthropic.claude_code")), metrics.map { Wire.message(2, $0) }.flatMap { $0 })
        let request = Wire.message(1, Wire.message(1, Wire.attribute(1, "service.name", Wire.string(1, "claude-code"))), scope)
        let (records, rejected) = TelemetryMetrics.records(try OTLPProtobuf.metricsRequest(request))
        #expect(rejected == 0)
        #expect(records.map { $0.event.data["name"] } == ["claude_code.token.usage", "g", "h"])
        #expect(records.map { $0.event.data["value"] } == [.double(-5), .double(0.5), .double(7.5)])
        #expect(records.map { $0.event.data["temporality"] } == ["delta", "gauge", "cumulative"])
        #expect(records[2].event.data["count"] == 3)
        #expect(records[0].event.data["start_ms"] == .int(1_781_863_200_123))
    }

    /// Bytes no exporter sends: each is refused with `invalid_otlp`, none crashes.
    @Test(arguments: [
        ("truncated varint", [0x08, 0x80]),
        ("length past the end", [0x0A, 0x05, 0x01]),
        ("group wire type", [0x0B]),
        ("field number 0", [0x02, 0x00]),
        ("known field, wrong wire type", [0x08, 0x01]),
        ("varint longer than 64 bits", [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x7F]),
        ("fixed64 cut short", Wire.message(1, Wire.message(2, Wire.message(2, [0x09, 0x01, 0x02])))),
        ("string not UTF-8", Wire.message(1, Wire.message(2, Wire.message(2, Wire.message(12, [0xC3, 0x28]))))),
    ] as [(String, [UInt8])])
    func malformedBytesAreRefused(_ name: String, _ bytes: [UInt8]) {
        let error = #expect(throws: SessionError.self, "\(name)") { try OTLPProtobuf.logsRequest(bytes) }
        #expect(error?.code == .invalidOTLP, "\(name)")
    }

    @Test func nestingPastTheLimitIsRefused() throws {
        var value = Wire.string(1, "leaf")
        for _ in 0..<40 { value = Wire.message(5, Wire.message(1, value)) }
        let request = Wire.message(1, Wire.message(1, Wire.attribute(1, "deep", value)))
        #expect(throws: SessionError.self) { try OTLPProtobuf.logsRequest(request, maxDepth: 64) }
        #expect(try OTLPProtobuf.logsRequest(request, maxDepth: 100)["resourceLogs"]?.arrayValue.count == 1)
    }

    @Test func theResponseCarriesThePartialSuccess() {
        #expect(OTLPProtobuf.exportResponse(rejected: 0, message: "none") == [])
        let expected = Wire.message(1, Wire.int(1, 300), Wire.string(2, "ab"))
        #expect(OTLPProtobuf.exportResponse(rejected: 300, message: "ab") == expected)
    }
}

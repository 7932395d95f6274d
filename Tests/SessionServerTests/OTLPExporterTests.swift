import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SessionCore
import TestSupport
import Testing

/// The OpenTelemetry Python SDK's own OTLP/HTTP exporters (`http/protobuf`, the default of most
/// exporters) against a live server: what `scripts/otlp-export.py` exports lands on its session.
/// `scripts/test` makes the virtual environment and sets `SESSIOND_TEST_OTEL_PYTHON`; under CI
/// the test runs (and fails) without it.
@Suite struct OTLPExporterTests {
    static var python: String? {
        ProcessInfo.processInfo.environment["SESSIOND_TEST_OTEL_PYTHON"]
            ?? (ProcessInfo.processInfo.environment["CI"] == nil ? nil : "SESSIOND_TEST_OTEL_PYTHON is not set")
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/otlp-export.py").standardized.path

    @Test(.enabled(if: OTLPExporterTests.python != nil))
    func theSDKsProtobufExportLandsOnItsSession() async throws {
        let python = try #require(Self.python)
        #expect(FileManager.default.isExecutableFile(atPath: python), "\(python): run scripts/test, which makes the virtual environment")
        let session = "44444444-4444-4444-4444-444444444444"
        try await ServerFixture.withServer { client, _ in
            let port = try #require(client.port)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [Self.script, "http://127.0.0.1:\(port)", session]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            // Read on a thread of its own: the exporter talks to the in-process server.
            let output = await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: out.fileHandleForReading.readDataToEndOfFile()) }
            }
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let report = try JSONParser.parse(Array(output))
            #expect(report["logs_ok"] == true, "every protobuf log export got a 200 the SDK could read")
            #expect(report["metrics_ok"] == true)

            let agent = try #require(try await client.send(.get, "/v1/sessions/claude-code:\(session)/metrics").json()["agent"])
            #expect(agent["prompts"] == 1)
            #expect(agent["tool_calls"] == 1)
            #expect(agent["tool_errors"] == 1)
            #expect(agent["tokens"] == ["input": 2000, "output": 400, "cache_read": 11000, "cache_creation": 0])
            #expect(abs((agent["cost_usd"]?.doubleValue ?? 0) - 0.02) < 1e-9)
            let events = try await client.send(.get, "/v1/sessions/claude-code:\(session)/events?type=telemetry.metric").json()["events"]?.arrayValue ?? []
            let lines = events.filter { $0["data"]?["name"] == "claude_code.lines_of_code.count" }
            #expect(Set(lines.compactMap { $0["data"]?["value"]?.doubleValue }) == [12, 3])
            #expect(lines.allSatisfy { $0["data"]?["temporality"] == "cumulative" })
        }
    }
}

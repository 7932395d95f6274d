import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import Testing

@Suite struct MetricsTests {
    /// `promtool` (Debian's `prometheus`) checks the exposition; CI installs it, so there it must run.
    static var promtool: String? {
        let path = "/usr/bin/promtool"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        return ProcessInfo.processInfo.environment["CI"] == nil ? nil : path
    }

    static func scrape(_ client: any TestClientProtocol) async throws -> String {
        let response = try await client.send(.get, "/metrics")
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return String(buffer: response.body)
    }

    /// The value of the sample `name{labels}` (labels in the order they are emitted).
    static func value(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func lifecycleAndRequestsShowUpWithBoundedLabels() async throws {
        try await ServerFixture.withServer { client, _ in
            let ended = try await client.createSession(["application": "agent", "user_id": "alice"])
            try await client.send(.post, "/v1/sessions/\(ended)/events", json: ["type": "tool.call"])
            try await client.send(.post, "/v1/sessions/\(ended)/events", json: ["type": "error"])
            try await client.send(.post, "/v1/sessions/\(ended)/end", json: [:])
            let live = try await client.createSession(["application": "agent", "user_id": "bob"])
            try await client.send(.post, "/v1/sessions/\(live)/events", json: ["type": "note"])
            try await client.send(.get, "/v1/sessions/\(UUID().uuidString.lowercased())")

            let text = try await Self.scrape(client)
            #expect(Self.value(text, #"sessiond_sessions_started_total{application="agent"}"#) == 2)
            #expect(Self.value(text, #"sessiond_sessions_ended_total{application="agent",outcome="ok",reason="end"}"#) == 1)
            #expect(Self.value(text, #"sessiond_session_events_sum{application="agent"}"#) == 2)
            #expect(Self.value(text, #"sessiond_session_duration_seconds_count{application="agent",outcome="ok"}"#) == 1)
            #expect(Self.value(text, #"sessiond_sessions_active{status="active",application="agent"}"#) == 1)
            #expect(Self.value(text, "sessiond_append_duration_seconds_count") == 3)
            #expect(Self.value(text, #"sessiond_http_request_duration_seconds_count{method="POST",route="/v1/sessions/{id}/events",status="201"}"#) == 3)
            #expect(Self.value(text, #"sessiond_http_request_duration_seconds_count{method="GET",route="/v1/sessions/{id}",status="404"}"#) == 1)
            #expect((Self.value(text, #"sessiond_store_operation_duration_seconds_count{operation="update",backend="sqlite"}"#) ?? 0) >= 4)
            #expect((Self.value(text, "sessiond_group_commit_batch_size_count") ?? 0) >= 5)
            #expect((Self.value(text, "process_resident_memory_bytes") ?? 0) > 1_000_000)
            #expect((Self.value(text, "process_open_fds") ?? 0) > 3)
            #expect((Self.value(text, "sessiond_database_size_bytes") ?? 0) > 0)
            // Never an id or a user in a label.
            #expect(!text.contains(ended))
            #expect(!text.contains(live))
            #expect(!text.contains("alice"))

            // The session ends: its gauge series drops to 0 instead of keeping the last value.
            try await client.send(.post, "/v1/sessions/\(live)/fail", json: [:])
            let after = try await Self.scrape(client)
            #expect(Self.value(after, #"sessiond_sessions_active{status="active",application="agent"}"#) == 0)
            #expect(Self.value(after, #"sessiond_sessions_ended_total{application="agent",outcome="errored",reason="fail"}"#) == 1)
        }
    }

    @Test func applicationLabelIsBounded() async throws {
        try await ServerFixture.withServer { client, _ in
            for i in 0..<(MetricCatalog.applicationLabelLimit + 5) {
                _ = try await client.createSession(["application": .string("app-\(i)")])
            }
            let text = try await Self.scrape(client)
            let started = text.split(separator: "\n").filter { $0.hasPrefix("sessiond_sessions_started_total{") }
            #expect(started.count == MetricCatalog.applicationLabelLimit + 1)
            #expect(Self.value(text, #"sessiond_sessions_started_total{application="other"}"#) == 5)
            let active = text.split(separator: "\n").filter { $0.hasPrefix("sessiond_sessions_active{") }
            #expect(active.count == MetricCatalog.applicationLabelLimit + 1)
        }
    }

    @Test(.enabled(if: MetricsTests.promtool != nil))
    func expositionPassesPromtool() async throws {
        try await ServerFixture.withServer { client, _ in
            let id = try await client.createSession()
            try await client.send(.post, "/v1/sessions/\(id)/events", json: ["type": "a"])
            try await client.send(.post, "/v1/sessions/\(id)/end", json: [:])
            try await client.send(.get, "/nope")
            let text = try await Self.scrape(client)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(Self.promtool))
            process.arguments = ["check", "metrics"]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "promtool: \(report)")
        }
    }
}

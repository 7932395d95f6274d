import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import TestSupport
import Testing

/// `POST /v1/logs` and `/v1/metrics` over real HTTP: the corpus's Claude Code OpenTelemetry
/// events, written as the OTLP/HTTP JSON an exporter sends, land on their sessions by `session.id`.
@Suite struct TelemetryAPITests {
    static let json: HTTPFields = [.contentType: "application/json"]

    /// OTLP's `AnyValue` of a plain JSON value.
    static func any(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): ["stringValue": .string(s)]
        case .int(let i): ["intValue": .string(String(i))]
        case .double(let d): ["doubleValue": .double(d)]
        case .bool(let b): ["boolValue": .bool(b)]
        default: ["stringValue": .string(JSONWriter.string(value))]
        }
    }

    static func attributes(_ o: JSONValue?) -> JSONValue {
        .array((o?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { ["key": .string($0.key), "value": any($0.value)] })
    }

    static func nanos(_ iso: String) -> JSONValue {
        .string(String((Timestamp(iso8601: iso)?.milliseconds ?? 0) * 1_000_000))
    }

    /// The corpus sample's lines (`_type` log or metric), one OTLP request each.
    static func sample() throws -> [JSONValue] {
        let text = try String(contentsOf: AssistantCorpus.url("claude-code/otel/otel-events.sample.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    static func logsRequest(_ line: JSONValue) -> JSONValue {
        let record: JSONValue = [
            "timeUnixNano": nanos(line["ts"]?.stringValue ?? ""), "body": ["stringValue": .string((line["scope"] == "com.anthropic.claude_code" ? "claude_code." : "") + (line["name"]?.stringValue ?? ""))],
            "attributes": attributes(line["attrs"]),
        ]
        return ["resourceLogs": [["resource": ["attributes": attributes(line["resource"])], "scopeLogs": [["scope": ["name": line["scope"] ?? .null], "logRecords": [record]]]]]]
    }

    static func metricsRequest(name: String, session: String, points: [(type: String, value: Int64, time: String)], temporality: Int64 = 1) -> JSONValue {
        let dataPoints: [JSONValue] = points.map { point in
            ["asInt": .string(String(point.value)), "timeUnixNano": nanos(point.time), "startTimeUnixNano": nanos("2026-06-19T10:00:00.000Z"),
             "attributes": attributes(["session.id": .string(session), "type": .string(point.type), "model": "claude-sonnet-4-6"])]
        }
        let metric: JSONValue = ["name": .string(name), "unit": "tokens", "sum": ["aggregationTemporality": .int(temporality), "isMonotonic": true, "dataPoints": .array(dataPoints)]]
        return ["resourceMetrics": [["resource": ["attributes": attributes(["service.name": "claude-code"])], "scopeMetrics": [["scope": ["name": "com.anthropic.claude_code"], "metrics": [metric]]]]]]
    }

    @Test func claudeCodeLogsLandOnTheirSessionsAndARetryAddsNothing() async throws {
        let lines = try Self.sample().filter { $0["_type"] == "log" }
        // What the sample says per session, summed here from its own attributes.
        var expected: [String: (prompts: Int, tools: Int, input: Int64, cost: Double)] = [:]
        for line in lines where line["scope"] == "com.anthropic.claude_code" {
            guard let id = line["attrs"]?["session.id"]?.stringValue else { continue }
            var e = expected[id] ?? (0, 0, 0, 0)
            switch line["name"]?.stringValue {
            case "user_prompt": e.prompts += 1
            case "tool_result": e.tools += 1
            case "api_request":
                e.input += line["attrs"]?["input_tokens"]?.int64Value ?? 0
                e.cost += line["attrs"]?["cost_usd"]?.doubleValue ?? 0
            default: break
            }
            expected[id] = e
        }
        #expect(expected.count == 2)
        let sums = expected
        try await ServerFixture.withServer { client, _ in
            var rejected = 0
            for line in lines {
                let response = try await client.send(.post, "/v1/logs", json: Self.logsRequest(line), headers: Self.json)
                #expect(response.status == .ok)
                rejected += Int(try response.json()["partialSuccess"]?["rejectedLogRecords"]?.int64Value ?? 0)
            }
            #expect(rejected == 1, "the third-party plugin's record names no known assistant")
            // An exporter retrying a batch it did not see acknowledged.
            for line in lines.prefix(4) { #expect(try await client.send(.post, "/v1/logs", json: Self.logsRequest(line), headers: Self.json).status == .ok) }
            for (id, e) in sums {
                let metrics = try await client.send(.get, "/v1/sessions/claude-code:\(id)/metrics").json()
                let agent = try #require(metrics["agent"], "\(id)")
                #expect(agent["prompts"]?.int64Value == Int64(e.prompts), "\(id)")
                #expect(agent["tool_calls"]?.int64Value == Int64(e.tools), "\(id)")
                #expect(agent["tokens"]?["input"]?.int64Value == e.input, "\(id)")
                #expect(abs((agent["cost_usd"]?.doubleValue ?? 0) - e.cost) < 1e-9, "the vendor's cost_usd: \(id)")
            }
            let shown = try await client.send(.get, "/v1/sessions/claude-code:11111111-1111-1111-1111-111111111111").json()
            #expect(shown["labels"]?["recorded_by"] == "telemetry")
            #expect(shown["created_at"] == "2026-06-19T10:00:00.000Z", "a session telemetry made starts at its first record")
        }
    }

    @Test func telemetryJoinsTheHookSessionAndATranscriptsTokensWin() async throws {
        try await ServerFixture.withServer { client, manager in
            let start: JSONValue = ["session_id": "11111111-1111-1111-1111-111111111111", "hook_event_name": "SessionStart", "source": "startup", "cwd": "/tmp"]
            #expect(try await client.send(.post, "/v1/hooks/claude-code", json: start).status == .accepted)
            let prompt: JSONValue = ["session_id": "11111111-1111-1111-1111-111111111111", "hook_event_name": "UserPromptSubmit", "prompt": "Build the analytics loader"]
            #expect(try await client.send(.post, "/v1/hooks/claude-code", json: prompt).status == .accepted)
            for line in try Self.sample() where line["_type"] == "log" && line["attrs"]?["session.id"] == "11111111-1111-1111-1111-111111111111" {
                #expect(try await client.send(.post, "/v1/logs", json: Self.logsRequest(line), headers: Self.json).status == .ok)
            }
            let sessions = try await client.send(.get, "/v1/sessions?application=claude-code").json()["sessions"]?.arrayValue ?? []
            #expect(sessions.count == 1, "hooks and telemetry write one session")
            var agent = try #require(try await client.send(.get, "/v1/sessions/claude-code:11111111-1111-1111-1111-111111111111/metrics").json()["agent"])
            #expect(agent["prompts"] == 2, "the hook's prompt and the telemetry's are counted by the source with more")
            #expect(agent["tokens"]?["input"] == 2800, "1,200 + 900 + 700 from its api_request records")

            // A transcript's message arrives: its tokens are the session's, telemetry's are not added.
            let session = try await manager.session(AssistantKind.claudeCode.reference("11111111-1111-1111-1111-111111111111"))
            let message = NewEvent(
                type: "assistant.message", data: ["message_id": "m1", "model": "claude-opus-4-6", "usage": ["input": 10, "output": 5, "cache_read": 0, "cache_creation": 0]],
                source: ClaudeTranscriptReader.source, idempotencyKey: "cct:msg:m1")
            _ = try await manager.importEvents(session.id, [TranscriptRead(time: session.createdAt, event: message)], progress: nil)
            agent = try #require(try await client.send(.get, "/v1/sessions/claude-code:11111111-1111-1111-1111-111111111111/metrics").json()["agent"])
            #expect(agent["tokens"] == ["input": 10, "output": 5, "cache_read": 0, "cache_creation": 0])
        }
    }

    @Test func tokenMetricsFillInWhenNothingElseCarriesTokens() async throws {
        try await ServerFixture.withServer { client, _ in
            let session = "33333333-3333-3333-3333-333333333333"
            // Delta points add; a cumulative series counts by its largest value.
            let delta = Self.metricsRequest(name: "claude_code.token.usage", session: session, points: [("input", 100, "2026-06-19T10:01:00.000Z"), ("output", 40, "2026-06-19T10:01:00.000Z"), ("input", 50, "2026-06-19T10:02:00.000Z")])
            #expect(try await client.send(.post, "/v1/metrics", json: delta, headers: Self.json).status == .ok)
            let cumulative = Self.metricsRequest(name: "claude_code.token.usage", session: session, points: [("cacheRead", 700, "2026-06-19T10:01:00.000Z"), ("cacheRead", 900, "2026-06-19T10:02:00.000Z")], temporality: 2)
            #expect(try await client.send(.post, "/v1/metrics", json: cumulative, headers: Self.json).status == .ok)
            let agent = try #require(try await client.send(.get, "/v1/sessions/claude-code:\(session)/metrics").json()["agent"])
            #expect(agent["tokens"] == ["input": 150, "output": 40, "cache_read": 900, "cache_creation": 0])
            #expect(agent["models"] == ["claude-sonnet-4-6"])
            // A point that names no session is rejected, and said so.
            let orphan = Self.metricsRequest(name: "claude_code.token.usage", session: "", points: [("input", 1, "2026-06-19T10:03:00.000Z")])
            let response = try await client.send(.post, "/v1/metrics", json: orphan, headers: Self.json).json()
            #expect(response["partialSuccess"]?["rejectedDataPoints"] == 1)
        }
    }

    /// `bytes` gzip-compressed by the system's `gzip`.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-gzip-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-9", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    @Test func badExportsGetPreciseErrors() async throws {
        try await ServerFixture.withServer { client, _ in
            let truncated = try await client.send(.post, "/v1/logs", text: "\u{0A}\u{02}", headers: [.contentType: "application/x-protobuf"])
            #expect(truncated.status == .badRequest)
            #expect(truncated.problemCode == "invalid_otlp")
            let empty = try await client.send(.post, "/v1/metrics", text: "", headers: [.contentType: "application/x-protobuf"])
            #expect(empty.status == .ok && empty.body.readableBytes == 0, "an empty export request, and its empty response")
            #expect(empty.headers[.contentType] == "application/x-protobuf")
            let text = try await client.send(.post, "/v1/logs", text: "hello", headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType)
            #expect(text.problemCode == "unsupported_media_type")
            let brotli = try await client.send(.post, "/v1/logs", text: "{}", headers: [.contentType: "application/json", .contentEncoding: "br"])
            #expect(brotli.status == .unsupportedMediaType)
            #expect(brotli.problemCode == "unsupported_encoding")
            let notGzip = try await client.send(.post, "/v1/logs", text: "{}", headers: [.contentType: "application/json", .contentEncoding: "gzip"])
            #expect(notGzip.status == .badRequest)
            #expect(notGzip.problemCode == "invalid_gzip")
            let gzip: HTTPFields = [.contentType: "application/json", .contentEncoding: "gzip"]
            let small = try await client.execute(uri: "/v1/logs", method: .post, headers: gzip, body: ByteBuffer(bytes: try Self.gzip(Array("{}".utf8))))
            #expect(small.status == .ok, "a gzip JSON export")
            // 12 MiB of spaces inflate past the 8 MiB body limit from a few KiB on the wire.
            let bomb = try Self.gzip([UInt8](repeating: 0x20, count: 12 << 20) + Array("{}".utf8))
            #expect(bomb.count < 32_768)
            let inflated = try await client.execute(uri: "/v1/logs", method: .post, headers: gzip, body: ByteBuffer(bytes: bomb))
            #expect(inflated.status == .contentTooLarge)
            #expect(inflated.problemCode == "payload_too_large")
            let notJSON = try await client.send(.post, "/v1/logs", text: "{nope", headers: Self.json)
            #expect(notJSON.status == .badRequest)
            let array = try await client.send(.post, "/v1/metrics", json: [1], headers: Self.json)
            #expect(array.problemCode == "invalid_otlp")
            #expect(try await client.send(.post, "/v1/logs", json: [:], headers: Self.json).json() == [:], "an empty export is fine")
        }
    }
}

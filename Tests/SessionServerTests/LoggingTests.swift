import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SessionCore
import SessionKit
import SessionServer
import SessionStoreSQLite
import Synchronization
import Testing

/// Lines a ``JSONLogHandler`` wrote, kept in memory.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }
    var objects: [JSONValue] { all.compactMap { try? JSONParser.parse(Array($0.utf8)) } }

    func logger(_ label: String, level: Logger.Level) -> Logger {
        Logger(label: label) { label in
            var handler = JSONLogHandler(label: label, output: .custom { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                self.lines.withLock { $0.append(text) }
            })
            handler.logLevel = level
            return handler
        }
    }
}

@Suite struct LoggingTests {
    @Test func jsonLinesCarryTimeLevelMessageAndMetadata() throws {
        let lines = LogLines()
        let logger = lines.logger("sessiond.test", level: .info)
        logger.info("session transitioned", metadata: ["session.id": "abc", "nested": ["k": "v"], "list": ["a", "b"]])
        logger.debug("not at info")
        logger.error("broke")
        #expect(lines.all.count == 2 && lines.all.allSatisfy { $0.hasSuffix("\n") && $0.filter { $0 == "\n" }.count == 1 })
        let first = try #require(lines.objects.first)
        #expect(first["message"] == "session transitioned" && first["level"] == "info" && first["logger"] == "sessiond.test")
        #expect(first["session.id"] == "abc" && first["nested"] == ["k": "v"] && first["list"] == ["a", "b"])
        let time = try #require(first["time"]?.stringValue)
        #expect(Timestamp(iso8601: time) != nil)
        #expect(lines.objects.last?["source"]?.stringValue?.contains("LoggingTests.swift") == true)
    }

    @Test func debugModeLogsRequestsAndTransitionsWithoutSecrets() async throws {
        let lines = LogLines()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteSessionStore(path: dir.appendingPathComponent("s.sqlite").path)
        let manager = SessionManager(store: store, logger: lines.logger("sessiond.engine", level: .debug))
        var configuration = SessionServerConfiguration()
        configuration.port = 0
        let app = buildApplication(manager: manager, configuration: configuration, logger: lines.logger("sessiond.server", level: .debug))
        let secret = "sk-live-0123456789abcdefSECRET"
        try await app.test(.live) { client in
            let created = try await client.send(.post, "/v1/sessions", json: ["application": "agent"])
            let id = try #require(try created.json()["id"]?.stringValue)
            let cookies: HTTPFields = [.cookie: "session=\(secret)", HTTPField.Name("X-API-Key")!: secret]
            try await client.send(.post, "/v1/sessions/\(id)/end", json: [:], headers: cookies)
            // A token nobody issued: refused (401), and still logged without it.
            let refused = try await client.send(.get, "/v1/sessions/\(id)?user=\(secret)", headers: [.authorization: "Bearer \(secret)"])
            #expect(refused.status == .unauthorized)
        }
        try await store.close()
        let objects = lines.objects
        #expect(!lines.all.joined().contains(secret))
        let requests = objects.filter { $0["message"] == "request" }
        #expect(requests.map { $0["http.route"]?.stringValue ?? "" } == ["/v1/sessions", "/v1/sessions/{id}/end", "/v1/sessions/{id}"])
        #expect(requests.first?["http.status"] == "201")
        #expect(requests[1]["http.headers"]?["cookie"] == "***" && requests[1]["http.headers"]?["x-api-key"] == "***")
        #expect(requests[2]["http.headers"]?["authorization"] == "***" && requests[2]["http.status"] == "401")
        let transitions = objects.filter { $0["message"] == "session transitioned" }
        #expect(transitions.contains { $0["session.state"] == "completed" && $0["level"] == "info" && $0["session.id"] != nil })
        #expect(objects.contains { $0["message"] == "store operation" && $0["store.backend"] == "sqlite" })
    }
}

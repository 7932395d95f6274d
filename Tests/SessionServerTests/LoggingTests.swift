import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import SessionCore
import SessionKit
import SessionServer
import SessionStoreSQLite
import Synchronization
import TestSupport
import Testing

/// Lines a ``JSONLogHandler`` wrote, kept in memory: for the tests of the JSON format itself. Tests of
/// what is logged record the log calls with `InMemoryLogHandler`.
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
        #expect(lines.all.count == 2)
        #expect(lines.all.allSatisfy { $0.hasSuffix("\n") })
        #expect(lines.all.allSatisfy { $0.filter { $0 == "\n" }.count == 1 })
        let first = try #require(lines.objects.first)
        #expect(first["message"] == "session transitioned")
        #expect(first["level"] == "info")
        #expect(first["logger"] == "sessiond.test")
        #expect(first["session.id"] == "abc")
        #expect(first["nested"] == ["k": "v"])
        #expect(first["list"] == ["a", "b"])
        let time = try #require(first["time"]?.stringValue)
        #expect(Timestamp(iso8601: time) != nil)
        #expect(lines.objects.last?["source"]?.stringValue?.contains("LoggingTests.swift") == true)
    }

    @Test func debugModeLogsRequestsAndTransitionsWithoutSecrets() async throws {
        let logs = InMemoryLogHandler()
        let secret = "sk-live-0123456789abcdefSECRET"
        try await withTemporaryEngine(logger: logs.logger("sessiond.engine", level: .debug)) { manager, _ in
            var configuration = SessionServerConfiguration()
            configuration.port = 0
            let app = buildApplication(manager: manager, configuration: configuration, logger: logs.logger("sessiond.server", level: .debug))
            try await app.test(.live) { client in
                let created = try await client.send(.post, "/v1/sessions", json: ["application": "agent"])
                let id = try #require(try created.json()["id"]?.stringValue)
                let cookies: HTTPFields = [.cookie: "session=\(secret)", HTTPField.Name("X-API-Key")!: secret]
                try await client.send(.post, "/v1/sessions/\(id)/end", json: [:], headers: cookies)
                // A token nobody issued: refused (401), and still logged without it.
                let refused = try await client.send(.get, "/v1/sessions/\(id)?user=\(secret)", headers: [.authorization: "Bearer \(secret)"])
                #expect(refused.status == .unauthorized)
            }
        }
        let entries = logs.entries
        #expect(!entries.contains { Self.text(of: $0).contains(secret) })
        let requests = entries.filter { $0.message == "request" }
        #expect(requests.map { $0.metadata["http.route"]?.description ?? "" } == ["/v1/sessions", "/v1/sessions/{id}/end", "/v1/sessions/{id}"])
        try #require(requests.count == 3)
        #expect(requests[0].metadata["http.status"]?.description == "201")
        #expect(Self.headers(requests[1])["cookie"] == "***")
        #expect(Self.headers(requests[1])["x-api-key"] == "***")
        #expect(Self.headers(requests[2])["authorization"] == "***")
        #expect(requests[2].metadata["http.status"]?.description == "401")
        let transitions = entries.filter { $0.message == "session transitioned" }
        #expect(transitions.contains { $0.metadata["session.state"]?.description == "completed" && $0.level == .info && $0.metadata["session.id"] != nil })
        #expect(entries.contains { $0.message == "store operation" && $0.metadata["store.backend"]?.description == "sqlite" })
    }

    /// The headers a `request` entry logged.
    static func headers(_ entry: InMemoryLogHandler.Entry) -> Logger.Metadata {
        guard case .dictionary(let headers)? = entry.metadata["http.headers"] else { return [:] }
        return headers
    }

    /// All the text of an entry: its message, and the keys and values of its metadata, nested ones included.
    static func text(of entry: InMemoryLogHandler.Entry) -> String {
        func texts(_ value: Logger.MetadataValue) -> [String] {
            switch value {
            case .string(let text): [text]
            case .stringConvertible(let value): [value.description]
            case .array(let values): values.flatMap(texts)
            case .dictionary(let values): values.flatMap { [$0.key] + texts($0.value) }
            }
        }
        return ([entry.message.description] + entry.metadata.flatMap { [$0.key] + texts($0.value) }).joined(separator: "\n")
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import SessionStoreSQLite
import TestSupport

/// A server on a fresh temp SQLite store, driven by HummingbirdTesting: by default a real
/// server on a loopback port with a real HTTP client (`.live`).
struct ServerFixture {
    static func withServer<T: Sendable>(
        _ setup: TestingSetup = .live, configure: (inout SessionServerConfiguration) -> Void = { _ in },
        engine configureEngine: (inout SessionManager.Configuration) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol, SessionManager) async throws -> T
    ) async throws -> T {
        var configuration = SessionServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        var storeConfiguration = SQLiteSessionStore.Configuration()
        storeConfiguration.metricsFactory = configuration.metrics.factory
        var engine = SessionManager.Configuration()
        engine.metrics = EngineMetrics(factory: configuration.metrics.factory)
        configureEngine(&engine)
        let server = configuration
        return try await withTemporaryEngine(configuration: engine, storeConfiguration: storeConfiguration) { manager, _ in
            let app = buildApplication(manager: manager, configuration: server)
            return try await app.test(setup) { client in try await body(client, manager) }
        }
    }
}

extension TestResponse {
    func json() throws -> JSONValue { try JSONParser.parse(Array(buffer: body)) }
    var problemCode: String? { (try? json())?["code"]?.stringValue }
}

extension TestClientProtocol {
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, json: JSONValue? = nil, text: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var body: ByteBuffer?
        if let json { body = ByteBuffer(bytes: JSONWriter.bytes(json)) }
        if let text { body = ByteBuffer(string: text) }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }

    func createSession(_ body: JSONValue = ["application": "test", "user_id": "alice"]) async throws -> String {
        let response = try await send(.post, "/v1/sessions", json: body)
        guard response.status == .created, let id = try response.json()["id"]?.stringValue else {
            throw SessionError(.invalidArgument, "create failed: \(response.status) \(String(buffer: response.body))")
        }
        return id
    }
}

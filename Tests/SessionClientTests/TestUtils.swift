import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SessionClient
import SessionCore
import SessionKit
import SessionServer
import SessionStoreSQLite
import Synchronization
import TestSupport

/// The real sessiond server on loopback over an SQLite file, in this process.
final class LiveServer: Sendable {
    let port: Int
    let manager: SessionManager
    let store: SQLiteSessionStore
    private let task: Task<Void, any Error>

    private init(port: Int, manager: SessionManager, store: SQLiteSessionStore, task: Task<Void, any Error>) {
        self.port = port
        self.manager = manager
        self.store = store
        self.task = task
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a server on `path` (port 0: a free one) and returns once it accepts connections.
    static func start(path: String, port: Int = 0) async throws -> LiveServer {
        let store = try SQLiteSessionStore(path: path)
        let manager = SessionManager(store: store)
        var configuration = SessionServerConfiguration()
        configuration.port = port
        var logger = Logger(label: "test.server")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = buildApplication(manager: manager, configuration: configuration, logger: logger) { bound in
            continuation.yield(bound)
        }
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            try await store.close()
            throw SessionError(.invalidArgument, "server did not start: \(await task.result)")
        }
        return LiveServer(port: bound, manager: manager, store: store, task: task)
    }

    /// Stops accepting, waits for the server to finish and closes the store.
    func stop() async throws {
        task.cancel()
        _ = await task.result
        try await store.close()
    }

    func client(_ configure: (inout SessionClient.Configuration) -> Void = { _ in }) -> SessionClient {
        var configuration = SessionClient.Configuration(baseURL: url)
        configuration.sleep = { _ in }
        configure(&configuration)
        return SessionClient(configuration: configuration)
    }

    /// Runs `body` on a fresh server and store, then stops them.
    static func with<T>(_ body: (LiveServer) async throws -> T) async throws -> T {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let server = try await start(path: folder.path("sessions.sqlite"))
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }
}

/// A tiny server we control: answers each route with a scripted status, counting requests.
final class ScriptedServer: Sendable {
    let port: Int
    private let task: Task<Void, any Error>
    private let counts: Counts

    final class Counts: Sendable {
        let value = Mutex<[String: Int]>([:])
        let authorizations = Mutex<[String]>([])
    }

    private init(port: Int, task: Task<Void, any Error>, counts: Counts) {
        self.port = port
        self.task = task
        self.counts = counts
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The `Authorization` header of every request, `-` when absent.
    var authorizations: [String] { counts.authorizations.withLock { $0 } }

    func count(_ route: String) -> Int { counts.value.withLock { $0[route] ?? 0 } }

    /// `script(route, n)` answers the `n`th request (1-based) of `route` with a status and body.
    static func start(_ script: @escaping @Sendable (String, Int) -> (HTTPResponse.Status, JSONValue)) async throws -> ScriptedServer {
        let counts = Counts()
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let route = "\(request.method) \(request.uri.path)"
            counts.authorizations.withLock { $0.append(request.headers[.authorization] ?? "-") }
            let n = counts.value.withLock { counts in
                counts[route, default: 0] += 1
                return counts[route]!
            }
            let (status, body) = script(route, n)
            return Response(
                status: status, headers: [.contentType: status.code >= 400 ? "application/problem+json" : "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body))))
        }
        router.post("**", use: handler)
        router.get("**", use: handler)
        var logger = Logger(label: "test.scripted")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw SessionError(.invalidArgument, "scripted server did not start") }
        return ScriptedServer(port: bound, task: task, counts: counts)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    static func problem(_ status: HTTPResponse.Status, _ code: String) -> (HTTPResponse.Status, JSONValue) {
        (status, ["type": .string("urn:sessiond:problem:\(code)"), "status": .int(Int64(status.code)), "code": .string(code), "detail": "scripted"])
    }
}

/// Records the waits a client asks for, returning at once.
final class RecordingSleep: Sendable {
    private let waits = Mutex<[Duration]>([])

    var recorded: [Duration] { waits.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in self.waits.withLock { $0.append(duration) } }
    }
}

import ArgumentParser
import Foundation
import SessionClient
import SessionCore
import SessionKit
import SessionStore

/// What the CLI commands need from sessiond: the engine in this process, or a server.
///
/// Both answer with the same SessionCore values, so every command prints the same output
/// whichever it talks to.
protocol SessionBackend: Sendable {
    func create(_ spec: SessionSpec, parentID: UUID?) async throws -> Session
    func session(_ id: UUID) async throws -> Session
    func sessions(_ query: SessionQuery) async throws -> SessionPage
    func append(_ id: UUID, _ events: [NewEvent], expectedSeq: Int64?) async throws -> (events: [SessionEvent], lastSeq: Int64)
    func events(_ id: UUID, afterSeq: Int64, limit: Int, types: [String]) async throws -> [SessionEvent]
    func state(_ id: UUID, atSeq: Int64?) async throws -> (seq: Int64, state: JSONValue)
    func tree(_ id: UUID) async throws -> SessionTree
    func metrics(_ id: UUID) async throws -> SessionMetrics
    func heartbeat(_ id: UUID) async throws -> Session
    func transition(_ id: UUID, _ move: LifecycleMove, reason: String?) async throws -> Session
    func recover(_ id: UUID) async throws -> SessionRecovery
    func undo(_ id: UUID) async throws -> SessionEvent
    func redo(_ id: UUID) async throws -> SessionEvent
}

/// The lifecycle moves a client may ask for.
enum LifecycleMove: String, Sendable {
    case start, suspend, resume, end, fail, terminate
}

/// The engine on a local store.
struct LocalBackend: SessionBackend {
    let manager: SessionManager

    func create(_ spec: SessionSpec, parentID: UUID?) async throws -> Session { try await manager.create(spec, parentID: parentID) }
    func session(_ id: UUID) async throws -> Session { try await manager.session(id) }
    func sessions(_ query: SessionQuery) async throws -> SessionPage { try await manager.sessions(query) }
    func append(_ id: UUID, _ events: [NewEvent], expectedSeq: Int64?) async throws -> (events: [SessionEvent], lastSeq: Int64) {
        let result = try await manager.append(id, events, expectedSeq: expectedSeq)
        return (result.events, result.session.lastSeq)
    }
    func events(_ id: UUID, afterSeq: Int64, limit: Int, types: [String]) async throws -> [SessionEvent] {
        try await manager.events(id, afterSeq: afterSeq, limit: limit, types: types)
    }
    func state(_ id: UUID, atSeq: Int64?) async throws -> (seq: Int64, state: JSONValue) { try await manager.state(id, atSeq: atSeq) }
    func tree(_ id: UUID) async throws -> SessionTree { try await manager.tree(id) }
    func metrics(_ id: UUID) async throws -> SessionMetrics { try await manager.metrics(id) }
    func heartbeat(_ id: UUID) async throws -> Session { try await manager.heartbeat(id) }
    func transition(_ id: UUID, _ move: LifecycleMove, reason: String?) async throws -> Session {
        switch move {
        case .start: return try await manager.start(id)
        case .suspend: return try await manager.suspend(id, reason: reason)
        case .resume: return try await manager.resume(id, reason: reason)
        case .end: return try await manager.end(id, reason: reason)
        case .fail: return try await manager.fail(id, reason: reason)
        case .terminate: return try await manager.terminate(id, reason: reason)
        }
    }
    func recover(_ id: UUID) async throws -> SessionRecovery { try await manager.recover(id) }
    func undo(_ id: UUID) async throws -> SessionEvent { try await manager.undo(id) }
    func redo(_ id: UUID) async throws -> SessionEvent { try await manager.redo(id) }
}

/// A sessiond server through ``SessionClient``. Its problem codes become ``SessionError``s with
/// the same code, so failures print as they do locally.
struct RemoteBackend: SessionBackend {
    let client: SessionClient

    /// The client's errors as the CLI reports them: the server's `code` and message.
    static func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SessionClientError {
            throw SessionError(SessionError.Code(error.code.rawValue), error.message)
        }
    }

    private func call<T>(_ body: () async throws -> T) async throws -> T { try await Self.call(body) }

    func create(_ spec: SessionSpec, parentID: UUID?) async throws -> Session { try await call { try await client.create(spec, parentID: parentID) } }
    func session(_ id: UUID) async throws -> Session { try await call { try await client.session(id) } }
    func sessions(_ query: SessionQuery) async throws -> SessionPage { try await call { try await client.sessions(query) } }
    func append(_ id: UUID, _ events: [NewEvent], expectedSeq: Int64?) async throws -> (events: [SessionEvent], lastSeq: Int64) {
        let result = try await call {
            events.count == 1
                ? try await client.append(id, events[0], expectedSeq: expectedSeq) : try await client.append(id, events, expectedSeq: expectedSeq)
        }
        return (result.events, result.lastSeq)
    }
    func events(_ id: UUID, afterSeq: Int64, limit: Int, types: [String]) async throws -> [SessionEvent] {
        try await call { try await client.events(id, afterSeq: afterSeq, limit: limit, types: types).events }
    }
    func state(_ id: UUID, atSeq: Int64?) async throws -> (seq: Int64, state: JSONValue) { try await call { try await client.state(id, atSeq: atSeq) } }
    func tree(_ id: UUID) async throws -> SessionTree { try await call { try await client.tree(id) } }
    func metrics(_ id: UUID) async throws -> SessionMetrics { try await call { try await client.metrics(id) } }
    func heartbeat(_ id: UUID) async throws -> Session { try await call { try await client.heartbeat(id) } }
    func transition(_ id: UUID, _ move: LifecycleMove, reason: String?) async throws -> Session {
        try await call {
            switch move {
            case .start: return try await client.start(id)
            case .suspend: return try await client.suspend(id, reason: reason)
            case .resume: return try await client.resume(id, reason: reason)
            case .end: return try await client.end(id, reason: reason)
            case .fail: return try await client.fail(id, reason: reason)
            case .terminate: return try await client.terminate(id, reason: reason)
            }
        }
    }
    func recover(_ id: UUID) async throws -> SessionRecovery { try await call { try await client.recover(id) } }
    func undo(_ id: UUID) async throws -> SessionEvent { try await call { try await client.undo(id) } }
    func redo(_ id: UUID) async throws -> SessionEvent { try await call { try await client.redo(id) } }
}

/// `--server URL` and `--token T`: run a command against a sessiond server instead of a local store.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "A sessiond server, e.g. http://127.0.0.1:7411, instead of a local store. Also $SESSIOND_URL (--db or --postgres win over it).")
    var server: String?

    @Option(name: .long, help: "API token for --server, sent as a bearer token. Also $SESSIOND_TOKEN.")
    var token: String?

    /// The server URL to use, if any, given the local store flags.
    func resolvedURL(_ store: StoreOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let server {
            guard store.db == nil, store.postgres == nil else {
                throw SessionError(.invalidArgument, "--server cannot be combined with --db or --postgres")
            }
            return server
        }
        guard store.db == nil, store.postgres == nil, let url = environment["SESSIOND_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Throws for commands that work on a local store only.
    func requireLocal(_ store: StoreOptions, command: String) throws {
        if try resolvedURL(store) != nil {
            throw SessionError(.invalidArgument, "\(command) is not available with --server")
        }
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import NIOHTTP1
public import SessionCore

extension SessionClient {
    // MARK: Creating and reading

    /// `POST /v1/sessions`: creates a session, under `parentID` if given.
    ///
    /// The context is `spec.context`, as given: the client captures nothing itself.
    public func create(_ spec: SessionSpec, parentID: UUID? = nil) async throws -> Session {
        let answer = try await send(.POST, "/v1/sessions", body: CreateSessionRequest(spec: spec, parentID: parentID).json)
        return try decode { () throws(SessionError) in try Session(json: answer.json) }
    }

    /// `GET /v1/sessions/{id}`: one session with its context, effective context and state.
    public func session(_ id: UUID) async throws -> Session {
        let answer = try await send(.GET, path(id))
        return try decode { () throws(SessionError) in try Session(json: answer.json) }
    }

    /// `GET /v1/sessions/{reference}`: the session an id or `application:external_id` names.
    public func session(_ reference: SessionReference) async throws -> Session {
        let answer = try await send(.GET, "/v1/sessions/\(Self.pathSegment(reference.description))")
        return try decode { () throws(SessionError) in try Session(json: answer.json) }
    }

    /// `GET /v1/sessions`: a page of sessions, newest first.
    public func sessions(_ query: SessionQuery = SessionQuery()) async throws -> SessionPage {
        let answer = try await send(.GET, "/v1/sessions", query: query.queryItems)
        return try decode { () throws(SessionError) in try SessionPage(json: answer.json) }
    }

    // MARK: Events

    /// `POST /v1/sessions/{id}/events` with one event.
    ///
    /// - Parameters:
    ///   - expectedSeq: fail with `sequence_conflict` unless the session's last `seq` is this.
    ///   - idempotencyKey: the `Idempotency-Key` header: a retry with the same key returns the
    ///     stored event and writes nothing. The event's own key, if any, wins.
    public func append(_ id: UUID, _ event: NewEvent, expectedSeq: Int64? = nil, idempotencyKey: String? = nil) async throws -> SessionAppendResult {
        try await append(id, body: AppendRequest(events: [event], expectedSeq: expectedSeq, isBatch: false).json, idempotencyKey: idempotencyKey)
    }

    /// `POST /v1/sessions/{id}/events` with a batch (at most 1000), stored atomically.
    ///
    /// - Parameter idempotencyKey: events without a key of their own get `KEY:INDEX`.
    public func append(_ id: UUID, _ events: [NewEvent], expectedSeq: Int64? = nil, idempotencyKey: String? = nil) async throws -> SessionAppendResult {
        try await append(id, body: AppendRequest(events: events, expectedSeq: expectedSeq, isBatch: true).json, idempotencyKey: idempotencyKey)
    }

    private func append(_ id: UUID, body: JSONValue, idempotencyKey: String?) async throws -> SessionAppendResult {
        let headers = idempotencyKey.map { [("Idempotency-Key", $0)] } ?? []
        let answer = try await send(.POST, path(id, "events"), body: body, headers: headers)
        return try decode { () throws(SessionError) in try SessionAppendResult(json: answer.json) }
    }

    /// `GET /v1/sessions/{id}/events`: events with `seq > afterSeq`, of `types` if given.
    public func events(_ id: UUID, afterSeq: Int64 = 0, limit: Int? = nil, types: [String] = []) async throws -> SessionEventPage {
        var query: [(String, String)] = [("after_seq", String(afterSeq))]
        if let limit { query.append(("limit", String(limit))) }
        for type in types { query.append(("type", type)) }
        let answer = try await send(.GET, path(id, "events"), query: query)
        return try decode { () throws(SessionError) in try SessionEventPage(json: answer.json) }
    }

    /// `GET /v1/sessions/{id}/state`: the state now, or right after event `atSeq`.
    public func state(_ id: UUID, atSeq: Int64? = nil) async throws -> (seq: Int64, state: JSONValue) {
        let answer = try await send(.GET, path(id, "state"), query: atSeq.map { [("at_seq", String($0))] } ?? [])
        return (answer.json["seq"]?.int64Value ?? 0, answer.json["state"] ?? .emptyObject)
    }

    // MARK: Tree and metrics

    /// `GET /v1/sessions/{id}/tree`: the session, its descendants and their totals.
    public func tree(_ id: UUID) async throws -> SessionTree {
        let answer = try await send(.GET, path(id, "tree"))
        return try decode { () throws(SessionError) in try SessionTree(json: answer.json) }
    }

    /// `GET /v1/sessions/{id}/metrics`: final once ended, as of now while live.
    public func metrics(_ id: UUID) async throws -> SessionMetrics {
        SessionMetrics(json: try await send(.GET, path(id, "metrics")).json)
    }

    /// `GET /v1/sessions/{id}/metrics` as the server sent it, with `agent` and `agent_tree` for
    /// an assistant's session.
    public func metricsDocument(_ id: UUID) async throws -> JSONValue {
        try await send(.GET, path(id, "metrics")).json
    }

    // MARK: Lifecycle

    /// `POST /v1/sessions/{id}/heartbeat`: the client is alive.
    @discardableResult
    public func heartbeat(_ id: UUID) async throws -> Session {
        try await sessionAnswer(send(.POST, path(id, "heartbeat")))
    }

    /// `POST /v1/sessions/{id}/{move}`: moves the session through its lifecycle; the named
    /// moves (`start`, `end`, …) of ``SessionOperations`` call this.
    @discardableResult
    public func transition(_ id: UUID, _ move: SessionMove, reason: String? = nil) async throws -> Session {
        try await sessionAnswer(send(.POST, path(id, move.rawValue), body: SessionMoveRequest(reason: reason).json))
    }

    /// `POST /v1/sessions/{id}/recover`: reattaches to a live session.
    ///
    /// A session past its limits is failed by the server and `session_stale` is thrown.
    public func recover(_ id: UUID) async throws -> SessionRecovery {
        let answer = try await send(.POST, path(id, "recover"))
        return try decode { () throws(SessionError) in try SessionRecovery(json: answer.json) }
    }

    /// `POST /v1/sessions/{id}/undo`: appends the inverse of the last command; returns that event.
    public func undo(_ id: UUID) async throws -> SessionEvent {
        let answer = try await send(.POST, path(id, "undo"))
        return try decode { () throws(SessionError) in try SessionEvent(json: answer.json) }
    }

    /// `POST /v1/sessions/{id}/redo`: re-applies the last undone command; returns that event.
    public func redo(_ id: UUID) async throws -> SessionEvent {
        let answer = try await send(.POST, path(id, "redo"))
        return try decode { () throws(SessionError) in try SessionEvent(json: answer.json) }
    }

    // MARK: Health

    /// `GET /health/ready` (or `/health/live` when `ready` is false): returns when the server is
    /// healthy, throws otherwise (`not_ready` once the retries are spent).
    public func health(ready: Bool = true) async throws {
        _ = try await send(.GET, ready ? "/health/ready" : "/health/live")
    }

    // MARK: Helpers

    /// `text` percent-encoded for one path segment: everything but unreserved characters, `:` and `@`.
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    private func path(_ id: UUID, _ action: String? = nil) -> String {
        "/v1/sessions/\(id.lowercased)" + (action.map { "/\($0)" } ?? "")
    }

    private func sessionAnswer(_ answer: Answer) throws -> Session {
        try decode { () throws(SessionError) in try Session(json: answer.json) }
    }
}

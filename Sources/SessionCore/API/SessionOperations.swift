#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What can be done with sessions, whether on the engine in this process (`SessionManager`) or
/// on a sessiond server (`SessionClient`): both answer with the same SessionCore values, so code
/// written against this protocol runs embedded or remote unchanged.
///
/// Every lifecycle move goes through one entry, ``transition(_:_:reason:)``; the named moves
/// (``start(_:)``, ``end(_:reason:)``, …) are a small extension over it.
public protocol SessionOperations: Sendable {
    /// Creates a session, under `parentID` if given.
    func create(_ spec: SessionSpec, parentID: UUID?) async throws -> Session
    /// One session.
    func session(_ id: UUID) async throws -> Session
    /// The session `reference` names: by id, or by `application:external_id`.
    func session(_ reference: SessionReference) async throws -> Session
    /// A page of sessions, newest first.
    func sessions(_ query: SessionQuery) async throws -> SessionPage
    /// Appends a batch of events atomically; `expectedSeq` fails with `sequence_conflict` unless
    /// it is the session's last `seq`.
    func append(_ id: UUID, _ events: [NewEvent], expectedSeq: Int64?) async throws -> SessionAppendResult
    /// A page of events with `seq > afterSeq`, of `types` if given; `limit` defaults to 100.
    func events(_ id: UUID, afterSeq: Int64, limit: Int?, types: [String]) async throws -> SessionEventPage
    /// The state now, or right after event `atSeq`.
    func state(_ id: UUID, atSeq: Int64?) async throws -> (seq: Int64, state: JSONValue)
    /// The session, its descendants and their totals.
    func tree(_ id: UUID) async throws -> SessionTree
    /// Final once ended, as of now while live.
    func metrics(_ id: UUID) async throws -> SessionMetrics
    /// Notes that the client is alive.
    func heartbeat(_ id: UUID) async throws -> Session
    /// Moves a session through its lifecycle; an end applies the close policy to its live
    /// children. `reason` is 1 to 1024 bytes.
    func transition(_ id: UUID, _ move: SessionMove, reason: String?) async throws -> Session
    /// Reattaches to a live session; one past its limits is failed and `session_stale` thrown.
    func recover(_ id: UUID) async throws -> SessionRecovery
    /// Reverts the newest state-changing command by appending its inverse.
    func undo(_ id: UUID) async throws -> SessionEvent
    /// Re-applies the newest undone command.
    func redo(_ id: UUID) async throws -> SessionEvent
}

extension SessionOperations {
    /// The id `reference` names: itself for an id, a lookup for `application:external_id`.
    public func id(of reference: SessionReference) async throws -> UUID {
        if case .id(let id) = reference { return id }
        return try await session(reference).id
    }

    /// Starts an initializing session.
    @discardableResult
    public func start(_ id: UUID) async throws -> Session {
        try await transition(id, .start, reason: nil)
    }

    /// Detaches: the session is suspended until resumed.
    @discardableResult
    public func suspend(_ id: UUID, reason: String? = nil) async throws -> Session {
        try await transition(id, .suspend, reason: reason)
    }

    /// Attaches again.
    @discardableResult
    public func resume(_ id: UUID, reason: String? = nil) async throws -> Session {
        try await transition(id, .resume, reason: reason)
    }

    /// Ends gracefully (`completed`, outcome `ok`).
    @discardableResult
    public func end(_ id: UUID, reason: String? = nil) async throws -> Session {
        try await transition(id, .end, reason: reason)
    }

    /// Ends as failed by its client (outcome `errored`).
    @discardableResult
    public func fail(_ id: UUID, reason: String? = nil) async throws -> Session {
        try await transition(id, .fail, reason: reason)
    }

    /// Terminates (an operator's end, outcome `abandoned`).
    @discardableResult
    public func terminate(_ id: UUID, reason: String? = nil) async throws -> Session {
        try await transition(id, .terminate, reason: reason)
    }
}

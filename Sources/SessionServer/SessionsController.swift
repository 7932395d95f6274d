public import Hummingbird
import NIOCore
import SessionCore
public import SessionKit
import SessionStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `/v1/sessions` API: every engine operation over JSON.
///
/// Access control (see `docs/SECURITY.md`): each route checks the caller's
/// ``RequestIdentity`` against the session's `user_id` with ``AccessDecision``. A session out of
/// a token's reach answers 404 like a missing one; reads of session data and admin overrides
/// are written to the audit log before the answer.
public struct SessionsController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager
    let body: SessionRequestDecoder
    let audit: AuditLog

    public init(manager: SessionManager, configuration: SessionServerConfiguration) {
        self.manager = manager
        self.body = SessionRequestDecoder(configuration)
        self.audit = AuditLog(access: manager.store)
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.post("sessions", use: create)
        group.get("sessions", use: list)
        group.get("sessions/:id", use: show)
        group.post("sessions/:id/events", use: append)
        group.get("sessions/:id/events", use: events)
        group.get("sessions/:id/state", use: state)
        group.get("sessions/:id/tree", use: tree)
        group.get("sessions/:id/metrics", use: metrics)
        group.post("sessions/:id/heartbeat") { _, context in
            let id = try await self.authorize(context, .write, "heartbeat")
            return try await Response.json(self.manager.heartbeat(id).json(full: false))
        }
        for move in SessionMove.allCases {
            group.post("sessions/:id/\(move.rawValue)") { request, context in
                try await self.transition(request, context, move)
            }
        }
        group.post("sessions/:id/recover", use: recover)
        group.post("sessions/:id/undo") { _, context in
            let id = try await self.authorize(context, .write, "undo")
            return try await Response.json(self.manager.undo(id).json, status: .created)
        }
        group.post("sessions/:id/redo") { _, context in
            let id = try await self.authorize(context, .write, "redo")
            return try await Response.json(self.manager.redo(id).json, status: .created)
        }
    }

    // MARK: Handlers

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let create = try await body.decode(CreateSessionRequest.self, from: request, context: context)
        var spec = create.spec
        if create.parentID == nil, spec.application == nil {
            throw SessionError(.invalidArgument, "application is required for a root session")
        }
        let identity = context.identity
        try identity.require(.write)
        if let user = identity.confinedUser {
            // A user-bound token creates sessions of its own user only.
            if let given = spec.userID, given != user { throw ProblemError.forbidden("this token may create sessions of user \(user) only") }
            spec.userID = user
        }
        if let parentID = create.parentID {
            _ = try await authorize(parentID, context, .write, "create_child")
        } else if identity.decide(.write, owner: spec.userID) == .override {
            try await audit.record(identity, "session.override", target: nil, details: ["operation": "create", "user": spec.userID.map(JSONValue.string) ?? .null])
        }
        let session = try await manager.create(spec, parentID: create.parentID)
        return .json(session.json(), status: .created, headers: [.location: "/v1/sessions/\(session.id.lowercased)"])
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        var query = try SessionQuery(queryItems: request.queryItems)
        try context.identity.require(.read)
        if let user = context.identity.confinedUser {
            // A user-bound token lists its own user's sessions only.
            if let asked = query.userID, asked != user { return .json(SessionPage(sessions: [], nextCursor: nil).json) }
            query.userID = user
        }
        var page = try await manager.sessions(query)
        page.sessions.removeAll { $0.id == ReservedSession.positionKeeperID }
        return .json(page.json)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        try await .json(manager.session(try await authorize(context, .read, "show")).json())
    }

    @Sendable func append(_ request: Request, context: Context) async throws -> EditedResponse<SessionAppendResult> {
        let id = try await authorize(context, .write, "append")
        var append = try await body.decode(AppendRequest.self, from: request, context: context)
        append.applyIdempotencyKey(request.headers[.init("Idempotency-Key")!])
        if let ifMatch = request.headers[.ifMatch] {
            var text = Substring(ifMatch)
            if text.hasPrefix("W/") { text = text.dropFirst(2) }
            text = text.drop { $0 == "\"" || $0 == " " }
            while text.last == "\"" || text.last == " " { text = text.dropLast() }
            guard let seq = Int64(text) else { throw SessionError(.invalidArgument, "If-Match must be a sequence number") }
            if let given = append.expectedSeq, given != seq {
                throw SessionError(.invalidArgument, "If-Match and expected_seq disagree")
            }
            append.expectedSeq = seq
        }
        let result = try await manager.append(id, append.events, expectedSeq: append.expectedSeq)
        let status: HTTPResponse.Status = result.replayed == result.events.count ? .ok : .created
        return EditedResponse(status: status, headers: [.eTag: "\"\(result.lastSeq)\""], response: result)
    }

    @Sendable func events(_ request: Request, context: Context) async throws -> SessionEventPage {
        let id = try await authorize(context, .read, "events")
        let q = request.uri.queryParameters
        let limit = try Self.int(q["limit"], "limit") ?? 100
        let after = Int64(try Self.int(q["after_seq"], "after_seq") ?? 0)
        let types: [String] = q.getAll("type").map { String($0) }
        return try await manager.events(id, afterSeq: after, limit: limit, types: types)
    }

    @Sendable func state(_ request: Request, context: Context) async throws -> Response {
        let id = try await authorize(context, .read, "state")
        let at = try Self.int(request.uri.queryParameters["at_seq"], "at_seq").map(Int64.init)
        let result = try await manager.state(id, atSeq: at)
        return .json(["session_id": .string(id.lowercased), "seq": .int(result.seq), "state": result.state])
    }

    @Sendable func tree(_ request: Request, context: Context) async throws -> Response {
        var tree = try await manager.tree(try await authorize(context, .read, "tree"))
        // A user-bound token sees only its user's descendants.
        if let user = context.identity.confinedUser { tree.descendants.removeAll { $0.userID != user } }
        return .json(tree.json)
    }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        try await .json(manager.metricsDocument(try await authorize(context, .read, "metrics")))
    }

    @Sendable func recover(_ request: Request, context: Context) async throws -> Response {
        try await .json(manager.recover(try await authorize(context, .write, "recover")).json)
    }

    func transition(_ request: Request, _ context: Context, _ move: SessionMove) async throws -> Response {
        let id = try await authorize(context, move == .terminate ? .terminate : .write, move.rawValue)
        let asked = try await body.decode(SessionMoveRequest.self, from: request, context: context)
        let session = try await manager.transition(id, move, reason: asked.reason)
        return .json(session.json(full: false))
    }

    // MARK: Access

    /// The `:id` of the route, if the caller may do `action` on that session.
    func authorize(_ context: Context, _ action: AccessAction, _ operation: String) async throws -> UUID {
        try await authorize(try await resolve(context), context, action, operation)
    }

    /// Checks the caller's reach and role on session `id` (404 out of reach, 403 for the role),
    /// and audits reads of session data and admin overrides. Open mode checks nothing.
    func authorize(_ id: UUID, _ context: Context, _ action: AccessAction, _ operation: String) async throws -> UUID {
        if id == ReservedSession.positionKeeperID { throw Self.notFound(id) }
        let identity = context.identity
        guard identity.token != nil else { return id }
        guard let session = try await manager.store.session(id) else { throw Self.notFound(id) }
        let target = "session:\(id.lowercased)"
        switch identity.decide(action, owner: session.userID) {
        case .notFound:
            throw Self.notFound(id)
        case .forbidden:
            throw ProblemError.forbidden("a \(identity.token?.role.rawValue ?? "") token may not \(operation) this session")
        case .override:
            try await audit.record(
                identity, "session.override", target: target,
                details: ["operation": .string(operation), "user": session.userID.map(JSONValue.string) ?? .null])
        case .allow:
            if action == .read { try await audit.record(identity, "session.read", target: target, details: ["operation": .string(operation)]) }
        }
        return id
    }

    static func notFound(_ id: UUID) -> SessionError {
        SessionError(.sessionNotFound, "session \(id.lowercased) does not exist")
    }

    // MARK: Parameters

    /// The session the route's `:id` names: a session id, or `application:external_id`
    /// (percent-encoded where it needs to be).
    func resolve(_ context: Context) async throws -> UUID {
        let text = try context.parameters.require("id")
        guard let reference = SessionReference(PathSegment.decoded(text) ?? text) else { throw Self.notFound(text) }
        if case .id(let id) = reference { return id }
        do {
            return try await manager.session(reference).id
        } catch let error as SessionError where error.code == .sessionNotFound {
            throw Self.notFound(reference.description)
        }
    }

    static func notFound(_ reference: String) -> SessionError {
        SessionError(.sessionNotFound, "session \(reference) does not exist")
    }


    static func int(_ text: Substring?, _ name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw SessionError(.invalidArgument, "\(name) must be an integer") }
        return value
    }
}

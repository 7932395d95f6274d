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
public struct SessionsController<Context: RequestContext>: Sendable {
    let manager: SessionManager
    let configuration: SessionServerConfiguration

    public init(manager: SessionManager, configuration: SessionServerConfiguration) {
        self.manager = manager
        self.configuration = configuration
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
            try await Response.json(self.manager.heartbeat(try Self.id(context)).json(full: false))
        }
        for (action, trigger) in [
            ("start", SessionLifecycle.Trigger.start), ("suspend", .suspend), ("resume", .resume), ("end", .end), ("fail", .fail),
            ("terminate", .terminate),
        ] {
            group.post("sessions/:id/\(action)") { request, context in
                try await self.transition(request, context, trigger)
            }
        }
        group.post("sessions/:id/recover", use: recover)
        group.post("sessions/:id/undo") { _, context in
            try await Response.json(self.manager.undo(try Self.id(context)).json, status: .created)
        }
        group.post("sessions/:id/redo") { _, context in
            try await Response.json(self.manager.redo(try Self.id(context)).json, status: .created)
        }
    }

    // MARK: Handlers

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.json(maxBytes: configuration.maxBodyBytes, limits: configuration.limits)
        let create = try CreateSessionRequest(json: body)
        let spec = create.spec
        if create.parentID == nil, spec.application == nil {
            throw SessionError(.invalidArgument, "application is required for a root session")
        }
        let session = try await manager.create(spec, parentID: create.parentID)
        return .json(session.json(), status: .created, headers: [.location: "/v1/sessions/\(session.id.lowercased)"])
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let q = request.uri.queryParameters
        var query = SessionQuery(
            userID: q["user"].map(String.init), application: q["application"].map(String.init),
            projectKey: q["project"].map(String.init), limit: try Self.int(q["limit"], "limit") ?? 100,
            cursor: q["cursor"].map(String.init))
        for status in q.getAll("status") {
            if status == "live" {
                query.statuses += SessionStatus.live
            } else {
                guard let parsed = SessionStatus(rawValue: String(status)) else {
                    throw SessionError(.invalidArgument, "unknown status \(status)")
                }
                query.statuses.append(parsed)
            }
        }
        for label in q.getAll("label") {
            guard let eq = label.firstIndex(of: "="), eq != label.startIndex else {
                throw SessionError(.invalidArgument, "label filters are key=value")
            }
            query.labels[String(label[..<eq])] = String(label[label.index(after: eq)...])
        }
        query.parentID = try q["parent"].map { try Self.uuid(String($0)) }
        query.createdFrom = try Self.time(q["created_from"], "created_from")
        query.createdUntil = try Self.time(q["created_until"], "created_until")
        query.activeFrom = try Self.time(q["active_from"], "active_from")
        query.activeUntil = try Self.time(q["active_until"], "active_until")
        let page = try await manager.sessions(query)
        var body: [String: JSONValue] = ["sessions": .array(page.sessions.map { $0.json(full: false) })]
        body["next_cursor"] = page.nextCursor.map(JSONValue.string) ?? .null
        return .json(.object(body))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        try await .json(manager.session(try Self.id(context)).json())
    }

    @Sendable func append(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.id(context)
        let body = try await request.json(maxBytes: configuration.maxBodyBytes, limits: configuration.limits)
        let key = request.headers[.init("Idempotency-Key")!]
        var append = try AppendRequest(json: body, idempotencyKey: key)
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
        let reply: JSONValue = [
            "events": .array(result.events.map(\.json)), "last_seq": .int(result.session.lastSeq),
            "replayed": .int(Int64(result.replayed)),
        ]
        return .json(reply, status: status, headers: [.eTag: "\"\(result.session.lastSeq)\""])
    }

    @Sendable func events(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.id(context)
        let q = request.uri.queryParameters
        let limit = try Self.int(q["limit"], "limit") ?? 100
        let after = Int64(try Self.int(q["after_seq"], "after_seq") ?? 0)
        let types: [String] = q.getAll("type").map { String($0) }
        let events: [SessionEvent] = try await manager.events(id, afterSeq: after, limit: limit, types: types)
        var body: [String: JSONValue] = ["events": .array(events.map { $0.json })]
        var next = JSONValue.null
        if events.count == limit, let last = events.last { next = .int(last.seq) }
        body["next_after_seq"] = next
        return .json(.object(body))
    }

    @Sendable func state(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.id(context)
        let at = try Self.int(request.uri.queryParameters["at_seq"], "at_seq").map(Int64.init)
        let result = try await manager.state(id, atSeq: at)
        return .json(["session_id": .string(id.lowercased), "seq": .int(result.seq), "state": result.state])
    }

    @Sendable func tree(_ request: Request, context: Context) async throws -> Response {
        let tree = try await manager.tree(try Self.id(context))
        return .json([
            "root": tree.root.json(full: false), "descendants": .array(tree.descendants.map { $0.json(full: false) }),
            "metrics": tree.metrics.json,
        ])
    }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        try await .json(manager.metrics(try Self.id(context)).json)
    }

    @Sendable func recover(_ request: Request, context: Context) async throws -> Response {
        let recovery = try await manager.recover(try Self.id(context))
        return .json([
            "session": recovery.session.json(full: false), "context": recovery.context, "state": recovery.state,
            "recent_events": .array(recovery.recentEvents.map(\.json)),
        ])
    }

    func transition(_ request: Request, _ context: Context, _ trigger: SessionLifecycle.Trigger) async throws -> Response {
        let id = try Self.id(context)
        let body = try await request.json(maxBytes: configuration.maxBodyBytes, limits: configuration.limits, allowEmpty: true)
        let fields = try JSONFields(body, what: "the body")
        try fields.allow(["reason"])
        let session = try await manager.transition(id, trigger, reason: try fields.string("reason"))
        return .json(session.json(full: false))
    }

    // MARK: Parameters

    static func id(_ context: Context) throws -> UUID {
        try uuid(try context.parameters.require("id"))
    }

    static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(text: text) else { throw SessionError(.sessionNotFound, "'\(text)' is not a session id") }
        return id
    }

    static func int(_ text: Substring?, _ name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw SessionError(.invalidArgument, "\(name) must be an integer") }
        return value
    }

    static func time(_ text: Substring?, _ name: String) throws -> Timestamp? {
        guard let text else { return nil }
        if let ms = Int64(text) { return Timestamp(milliseconds: ms) }
        guard let parsed = Timestamp(iso8601: String(text)) else {
            throw SessionError(.invalidArgument, "\(name) must be RFC 3339 or epoch milliseconds")
        }
        return parsed
    }
}

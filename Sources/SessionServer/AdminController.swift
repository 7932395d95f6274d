public import Hummingbird
import SessionCore
public import SessionKit
import SessionStore

/// `/v1/tokens` and `/v1/audit`: what `sessiond token create|ls|revoke` does, and the audit log.
///
/// Admin only: any other role is 403 `forbidden` (the routes hold no user's data, so there is
/// nothing to hide with a 404). In open mode (no token, loopback only) they are allowed like every
/// route, so the first token can be created over HTTP; from then on the API needs a token.
/// Creating and revoking a token are audited (`token.create`, `token.revoke`); listing tokens
/// and reading the audit log are not, as lists are not.
public struct AdminController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager
    let body: SessionRequestDecoder
    let access: any AccessStore
    let audit: AuditLog

    public init(manager: SessionManager, configuration: SessionServerConfiguration) {
        self.manager = manager
        self.body = SessionRequestDecoder(configuration)
        self.access = manager.store
        self.audit = AuditLog(access: access)
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.post("tokens", use: createToken)
        group.get("tokens", use: listTokens)
        group.delete("tokens/:id", use: revokeToken)
        group.get("audit", use: auditLog)
    }

    /// 201 with the token text, shown this once, and `Location: /v1/tokens/ID`.
    @Sendable func createToken(_ request: Request, context: Context) async throws -> EditedResponse<IssuedToken> {
        let access = try authorize(context, .manageTokens)
        let asked = try await body.decode(CreateTokenRequest.self, from: request, context: context)
        let issued = asked.issue(now: SystemWallClock().now())
        try await access.createToken(issued.token)
        try await audit.record(context.identity, "token.create", target: "token:\(issued.token.id)", details: issued.token.auditDetails)
        return EditedResponse(status: .created, headers: [.location: "/v1/tokens/\(issued.token.id)"], response: issued)
    }

    /// `{"tokens": [...]}`, oldest first, revoked ones included: never a token's text or hash.
    @Sendable func listTokens(_ request: Request, context: Context) async throws -> Response {
        let tokens = try await authorize(context, .manageTokens).tokens()
        return .json(["tokens": .array(tokens.map(\.json))])
    }

    /// Revokes at once (the next request with it is 401); answers the token with `revoked_at`.
    /// An unknown or already revoked token is 404 `token_not_found`.
    @Sendable func revokeToken(_ request: Request, context: Context) async throws -> Response {
        let access = try authorize(context, .manageTokens)
        let id = try context.parameters.require("id")
        guard try await access.revokeToken(id: id, at: SystemWallClock().now()) else {
            throw ProblemError(status: .notFound, code: "token_not_found", detail: "no active token \(id)")
        }
        try await audit.record(context.identity, "token.revoke", target: "token:\(id)")
        let revoked = try await access.tokens().first { $0.id == id }
        return .json(revoked?.json ?? ["id": .string(id)])
    }

    /// Query `after` (an entry id, default 0) and `limit` (1 to 1000, default 100):
    /// `{"entries": [...], "next_after": ...}`, oldest first.
    @Sendable func auditLog(_ request: Request, context: Context) async throws -> AuditPage {
        let access = try authorize(context, .readAudit)
        let q = request.uri.queryParameters
        let limit = try SessionsController<Context>.int(q["limit"], "limit") ?? 100
        let after = try SessionsController<Context>.int(q["after"], "after") ?? 0
        guard after >= 0 else { throw SessionError(.invalidArgument, "after must be an audit entry id") }
        let entries = try await access.audit(after: Int64(after), limit: limit)
        return AuditPage(entries: entries, limit: limit)
    }

    /// The store's access functions, if the caller's role may do `action`.
    func authorize(_ context: Context, _ action: AccessAction) throws -> any AccessStore {
        try context.identity.require(action)
        return access
    }
}

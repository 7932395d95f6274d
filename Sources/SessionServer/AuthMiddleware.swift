import HTTPTypes
public import Hummingbird
import NIOCore
public import SessionCore
import SessionStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who is making a request: the API token it presented, or nobody in open mode (no token is
/// configured, so the server binds loopback only and every request may do everything).
public struct RequestIdentity: Sendable {
    /// The token presented; `nil` in open mode.
    public var token: APIToken?
    /// Why an admin acts for another user: the `X-Sessiond-Reason` header, recorded in the audit log.
    public var reason: String?

    public init(token: APIToken?, reason: String? = nil) {
        self.token = token
        self.reason = reason
    }

    /// Open mode: no tokens are configured.
    public static let open = RequestIdentity(token: nil)

    /// The audit log's `actor`: `token:ID`, or `anonymous` in open mode.
    public var actor: String { token.map { "token:\($0.id)" } ?? "anonymous" }

    /// The user a non-admin token is bound to: it reaches only that user's data.
    public var confinedUser: String? {
        guard let token, !token.role.actsForAnyone else { return nil }
        return token.userID
    }

    /// The rule of ``AccessDecision/decide(role:tokenUser:action:owner:)``; open mode allows everything.
    public func decide(_ action: AccessAction, owner: String?) -> AccessDecision {
        guard let token else { return .allow }
        return AccessDecision.decide(role: token.role, tokenUser: token.userID, action: action, owner: owner)
    }

    /// Throws `forbidden` (403) unless the role may perform `action` at all.
    public func require(_ action: AccessAction) throws {
        guard let token, !token.role.allows(action) else { return }
        throw ProblemError.forbidden("a \(token.role.rawValue) token may not do this")
    }
}

/// A request context that carries the caller's ``RequestIdentity``, set by ``AuthMiddleware``.
public protocol AuthenticatedRequestContext: RequestContext {
    var identity: RequestIdentity { get set }
}

extension ProblemError {
    /// 401: no token, or an unknown or revoked one.
    static func unauthorized(_ detail: String) -> ProblemError {
        ProblemError(status: .unauthorized, code: "unauthorized", detail: detail)
    }

    /// 403: the token's role may not do this.
    static func forbidden(_ detail: String) -> ProblemError {
        ProblemError(status: .forbidden, code: "forbidden", detail: detail)
    }

}

/// Authenticates `/v1/…` requests.
///
/// With no active token in the store the API is open (the server then binds loopback only).
/// Once a token exists, every `/v1` request needs `Authorization: Bearer TOKEN`; the token is
/// looked up by its SHA-256 hash on every request, so tokens created or revoked by another
/// process (`sessiond token …`) take effect at once. Health checks and `/openapi.yaml` stay open.
///
/// A non-admin token bound to a user is confined to that user's data: the controllers read
/// ``RequestIdentity/confinedUser``.
struct AuthMiddleware<Context: AuthenticatedRequestContext>: RouterMiddleware {
    let access: any AccessStore
    /// Never open mode: a server bound beyond loopback always needs a token.
    var alwaysRequireToken = false

    /// `localhost`, `::1` and `127.x.x.x`.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    static var reasonHeader: HTTPField.Name { HTTPField.Name("X-Sessiond-Reason")! }
    /// Longest reason kept, in characters.
    static var maxReasonLength: Int { 500 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // By path components, as the router matches them (`//v1/x` routes like `/v1/x`).
        guard request.uri.path.split(separator: "/").first == "v1" else {
            return try await next(request, context)
        }
        var context = context
        guard let authorization = request.headers[.authorization] else {
            let required = try await alwaysRequireToken ? true : access.hasActiveTokens()
            if required {
                return try challenge(request, context, "this server requires an API token")
            }
            context.identity = .open
            return try await next(request, context)
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return try challenge(request, context, "use Authorization: Bearer TOKEN")
        }
        let text = String(parts[1].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard APIToken.isWellFormed(text), let token = try await access.token(hash: APIToken.hash(of: text)), token.isActive else {
            return try challenge(request, context, "the token is unknown or revoked")
        }
        let reason = request.headers[Self.reasonHeader].map { String($0.prefix(Self.maxReasonLength)) }
        context.identity = RequestIdentity(token: token, reason: reason)
        return try await next(request, context)
    }

    private func challenge(_ request: Request, _ context: Context, _ detail: String) throws -> Response {
        var response = try ProblemError.unauthorized(detail).response(from: request, context: context)
        response.headers[.wwwAuthenticate] = "Bearer realm=\"sessiond\""
        return response
    }
}

/// Writes audit entries for the routes; a request whose entry cannot be written fails (503).
struct AuditLog: Sendable {
    let access: any AccessStore

    /// Records `action` by the request's identity on `target`, with the reason given, if any,
    /// and the caller's role and user; a key of `details` wins over those (`token.create`
    /// records the new token's `role`).
    func record(_ identity: RequestIdentity, _ action: String, target: String?, details: [String: JSONValue] = [:]) async throws {
        var all: [String: JSONValue] = [:]
        if let reason = identity.reason { all["reason"] = .string(reason) }
        if let token = identity.token {
            all["role"] = .string(token.role.rawValue)
            if let user = token.userID { all["token_user"] = .string(user) }
        }
        let details = all.merging(details) { _, given in given }
        let now = Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        try await access.appendAudit(AuditEntry(time: now, actor: identity.actor, action: action, target: target, details: .object(details)))
    }
}

import Foundation
import SessionClient
import SessionCore
import SessionKit
import SessionStore

/// What `sessiond token` and `sessiond audit` do, on the local store or on a server
/// (`--server`, with an admin token).
protocol AdminBackend: Sendable {
    func createToken(_ request: CreateTokenRequest) async throws -> IssuedToken
    func tokens() async throws -> [APIToken]
    /// `false` when there is no such active token.
    func revokeToken(id: String) async throws -> Bool
    func audit(after: Int64, limit: Int) async throws -> AuditPage
}

/// The store itself: changes are audited with the actor `cli`.
struct LocalAdmin: AdminBackend {
    let access: any AccessStore

    func createToken(_ request: CreateTokenRequest) async throws -> IssuedToken {
        let now = TokenCommand.now()
        let issued = request.issue(now: now)
        try await access.createToken(issued.token)
        try await access.appendAudit(
            AuditEntry(time: now, actor: "cli", action: "token.create", target: "token:\(issued.token.id)", details: .object(issued.token.auditDetails)))
        return issued
    }

    func tokens() async throws -> [APIToken] { try await access.tokens() }

    func revokeToken(id: String) async throws -> Bool {
        let now = TokenCommand.now()
        guard try await access.revokeToken(id: id, at: now) else { return false }
        try await access.appendAudit(AuditEntry(time: now, actor: "cli", action: "token.revoke", target: "token:\(id)"))
        return true
    }

    func audit(after: Int64, limit: Int) async throws -> AuditPage {
        AuditPage(entries: try await access.audit(after: after, limit: limit), limit: limit)
    }
}

/// A server's admin routes: it audits the changes itself, with the caller's token as actor.
struct RemoteAdmin: AdminBackend {
    let client: SessionClient

    func createToken(_ request: CreateTokenRequest) async throws -> IssuedToken { try await client.createToken(request) }
    func tokens() async throws -> [APIToken] { try await client.tokens() }

    func revokeToken(id: String) async throws -> Bool {
        do {
            _ = try await client.revokeToken(id: id)
            return true
        } catch let error as SessionClientError where error.code.rawValue == "token_not_found" {
            return false
        }
    }

    func audit(after: Int64, limit: Int) async throws -> AuditPage { try await client.auditLog(after: after, limit: limit) }
}

extension StoreOptions {
    /// Runs `body` on the server named by `remote`, else on the local store.
    func withAdmin<T: Sendable>(_ remote: ServerOptions, _ body: @Sendable (any AdminBackend) async throws -> T) async throws -> T {
        try await withClientOrManager(
            remote, remote: { client in try await body(RemoteAdmin(client: client)) },
            local: { manager in try await body(LocalAdmin(access: manager.store)) })
    }
}

import NIOHTTP1
public import SessionCore

extension SessionClient {
    // MARK: Tokens and audit (admin)

    /// `POST /v1/tokens`: creates an API token. Its ``IssuedToken/text`` is in this answer only.
    ///
    /// Admin only (or a server in open mode, where this first token closes it). Takes effect at once.
    public func createToken(_ request: CreateTokenRequest) async throws -> IssuedToken {
        let answer = try await send(.POST, "/v1/tokens", body: request.json)
        return try decode { () throws(SessionError) in try IssuedToken(json: answer.json) }
    }

    /// `GET /v1/tokens`: every token, oldest first, revoked ones included. The API never sends a
    /// token's text or hash, so each ``APIToken/hash`` is empty.
    public func tokens() async throws -> [APIToken] {
        let answer = try await send(.GET, "/v1/tokens")
        return try decode { () throws(SessionError) in try JSONFields(answer.json, what: "tokens").array("tokens", APIToken.init(json:)) }
    }

    /// `DELETE /v1/tokens/{id}`: revokes a token at once; returns it with its `revokedAt`.
    ///
    /// - Throws: `token_not_found` (404) when there is no such active token.
    @discardableResult
    public func revokeToken(id: String) async throws -> APIToken {
        let answer = try await send(.DELETE, "/v1/tokens/\(Self.percentEncoded(id))")
        return try decode { () throws(SessionError) in try APIToken(json: answer.json) }
    }

    /// `GET /v1/audit`: audit entries with an id after `after`, oldest first.
    ///
    /// - Parameter limit: 1 to 1000; the server's default (100) if `nil`.
    public func auditLog(after: Int64 = 0, limit: Int? = nil) async throws -> AuditPage {
        var query = [("after", String(after))]
        if let limit { query.append(("limit", String(limit))) }
        let answer = try await send(.GET, "/v1/audit", query: query)
        return try decode { () throws(SessionError) in try AuditPage(json: answer.json) }
    }
}

import Foundation
import SessionClient
import SessionCore
import SessionStoreSQLite
import Testing

/// The admin routes through ``SessionClient``: tokens and the audit log.
@Suite struct AdminClientTests {
    @Test func tokensAndTheAuditLogThroughTheClient() async throws {
        try await LiveServer.with { server in
            let open = server.client()
            defer { Task { try? await open.shutdown() } }
            let admin = try await open.createToken(CreateTokenRequest(role: .admin, name: "ops"))
            #expect(admin.token.role == .admin)
            #expect(admin.token.hash == APIToken.hash(of: admin.text))
            let client = server.client { $0.token = admin.text }
            defer { Task { try? await client.shutdown() } }

            let reader = try await client.createToken(CreateTokenRequest(role: .reader, userID: "alice"))
            #expect(reader.token.userID == "alice")
            #expect(reader.token.name == "reader token")
            let listed = try await client.tokens()
            #expect(listed.map(\.id) == [admin.token.id, reader.token.id])
            #expect(listed.allSatisfy { $0.hash.isEmpty })
            var stored = try #require(try await server.store.tokens().last)
            stored.hash = ""
            #expect(listed.last == stored)

            let revoked = try await client.revokeToken(id: reader.token.id)
            #expect(revoked.id == reader.token.id)
            #expect(!revoked.isActive)
            let again = await #expect(throws: SessionClientError.self) { try await client.revokeToken(id: reader.token.id) }
            #expect(again?.code.rawValue == "token_not_found")
            #expect(again?.status == 404)
            let refused = await #expect(throws: SessionClientError.self) { try await open.tokens() }
            #expect(refused?.status == 401)

            let page = try await client.auditLog(limit: 2)
            #expect(page.entries.map(\.action) == ["token.create", "token.create"])
            #expect(page.nextAfter != nil)
            let rest = try await client.auditLog(after: try #require(page.nextAfter))
            #expect(rest.entries.map(\.action) == ["token.revoke"])
            #expect(rest.nextAfter == nil)
            #expect(page.entries + rest.entries == (try await server.store.audit(after: 0, limit: 1000)))
        }
    }
}

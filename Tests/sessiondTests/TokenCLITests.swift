import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SessionCore
import Testing

@testable import sessiond

/// `sessiond token …` against a running `sessiond serve` on the same file: every change
/// applies to the next request.
@Suite struct TokenCLITests {
    static func request(_ port: Int, _ method: String, _ path: String, token: String?, body: String? = nil) async throws -> (Int, JSONValue?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try? JSONParser.parse(Array(data)))
    }

    @Test func tokensCreatedAndRevokedByTheCLITakeEffectAtOnce() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let (process, port, _) = try ServeProcessTests.start(cli)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        // No token yet: open.
        #expect(try await Self.request(port, "GET", "/v1/sessions", token: nil).0 == 200)

        let created = try await cli.run(["token", "create", "--role", "writer", "--user", "alice", "--name", "ci", "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let json = try created.json()
        let text = try #require(json["token"]?.stringValue)
        let id = try #require(json["id"]?.stringValue)
        #expect(text.hasPrefix("sd_"))
        #expect(json["role"] == "writer")
        #expect(json["user_id"] == "alice")
        #expect(json["name"] == "ci")

        // The running server requires it at once, and accepts it at once.
        let refused = try await Self.request(port, "GET", "/v1/sessions", token: nil)
        #expect(refused.0 == 401)
        #expect(refused.1?["code"] == "unauthorized")
        let made = try await Self.request(port, "POST", "/v1/sessions", token: text, body: #"{"application":"cli"}"#)
        #expect(made.0 == 201)
        #expect(made.1?["user_id"] == "alice")

        let listed = try await cli.run(["token", "ls", "--json"])
        let tokens = try listed.jsonLines()
        #expect(tokens.count == 1)
        #expect(tokens[0]["id"]?.stringValue == id)
        #expect(tokens[0]["revoked_at"] == .null)
        #expect(!listed.stdout.contains(text))
        #expect(!listed.stdout.contains(APIToken.hash(of: text)))

        let revoked = try await cli.run(["token", "revoke", id])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try await Self.request(port, "GET", "/v1/sessions", token: text)
        #expect(after.0 == 401)
        // The last token revoked: open again (loopback only).
        #expect(try await Self.request(port, "GET", "/v1/sessions", token: nil).0 == 200)

        let again = try await cli.run(["token", "revoke", id])
        #expect(again.status == 1)
        #expect(again.stderr.contains("token_not_found"))
        #expect(try await cli.run(["token", "ls", "--json"]).jsonLines().first?["revoked_at"] != .null)
    }

    @Test func createRefusesAnUnknownRoleAndPrintsTheTokenOnceInText() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let bad = try await cli.run(["token", "create", "--role", "root"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("invalid_argument"))
        let made = try await cli.run(["token", "create", "--role", "admin"])
        #expect(made.status == 0)
        #expect(made.lines.first?.hasPrefix("token   sd_") == true)
        #expect(made.stdout.contains("shown only this once"))
        let listed = try await cli.run(["token", "ls"])
        #expect(listed.lines.count == 1)
        #expect(listed.stdout.contains("admin"))
        #expect(!listed.stdout.contains("sd_"))
    }

    @Test func tokenCommandsParse() async throws {
        let create = try #require(try Sessiond.parseAsRoot(["token", "create", "--role", "reader", "--user", "u1", "--json"]) as? TokenCreateCommand)
        #expect(create.role == "reader")
        #expect(create.user == "u1")
        #expect(create.store.json)
        let revoke = try #require(try Sessiond.parseAsRoot(["token", "revoke", "abc"]) as? TokenRevokeCommand)
        #expect(revoke.id == "abc")
    }
}

@Suite struct AuditCLITests {
    @Test func auditListsTokenChangesAPageAtATime() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        #expect(try await cli.run(["audit", "--json"]).stdout.isEmpty)  // nothing audited yet
        let first = try await cli.run(["token", "create", "--role", "admin", "--name", "ops", "--json"]).json()
        let id = try #require(first["id"]?.stringValue)
        #expect(try await cli.run(["token", "revoke", id]).status == 0)
        _ = try await cli.run(["token", "create", "--role", "reader", "--json"])

        let entries = try await cli.run(["audit", "--json"]).jsonLines()
        #expect(entries.map { $0["action"]?.stringValue } == ["token.create", "token.revoke", "token.create"])
        #expect(entries.allSatisfy { $0["actor"] == "cli" })
        #expect(entries[1]["target"]?.stringValue == "token:\(id)")
        #expect(entries[0]["details"]?["role"] == "admin")

        // Paged: a full page names the next one; --after continues after it.
        let page = try await cli.run(["audit", "--limit", "2"])
        try #require(page.lines.count == 2)
        #expect(page.lines[0].contains("token.create"))
        #expect(page.lines[1].contains("token.revoke"))
        let lastID = try #require(entries[1]["id"]?.int64Value)
        #expect(page.stderr.contains("sessiond audit --after \(lastID)"))
        let rest = try await cli.run(["audit", "--after", "\(lastID)", "--json"]).jsonLines()
        #expect(rest.map { $0["action"]?.stringValue } == ["token.create"])

        let bad = try await cli.run(["audit", "--limit", "0"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--limit"))
    }
}

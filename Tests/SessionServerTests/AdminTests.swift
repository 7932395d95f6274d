import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SessionCore
import SessionKit
import SessionServer
import SessionStore
import Testing

/// `/v1/tokens` and `/v1/audit` over HTTP: admin only, effective at once, audited.
@Suite struct AdminTests {
    static func bearer(_ text: String) -> HTTPFields { [.authorization: "Bearer \(text)"] }

    /// Every role, user-bound or not, against every admin route: only admin may.
    @Test(arguments: AccessRole.allCases, [nil, "alice"])
    func onlyAdminsManageTokensAndReadTheAudit(_ role: AccessRole, _ user: String?) async throws {
        try await ServerFixture.withServer { client, manager in
            let token = try await AuthTests.mint(manager, role, user: user, id: "caller")
            func expect(_ method: HTTPRequest.Method, _ uri: String, json: JSONValue? = nil, _ success: HTTPResponse.Status) async throws {
                let response = try await client.send(method, uri, json: json, headers: token)
                let expected: HTTPResponse.Status = role == .admin ? success : .forbidden
                #expect(response.status == expected, "\(role) \(method) \(uri): \(String(buffer: response.body))")
                if expected == .forbidden { #expect(response.problemCode == "forbidden") }
            }
            try await expect(.get, "/v1/tokens", .ok)
            try await expect(.get, "/v1/audit", .ok)
            try await expect(.post, "/v1/tokens", json: ["role": "reader"], .created)
            _ = try await AuthTests.mint(manager, .reader, id: "victim")
            try await expect(.delete, "/v1/tokens/victim", .ok)
            let victim = try await manager.store.tokens().first { $0.id == "victim" }
            #expect(victim?.isActive == (role != .admin))
        }
    }

    @Test func aCreatedTokenWorksAtOnceAndARevokedOneIsRefusedAtOnce() async throws {
        try await ServerFixture.withServer { client, manager in
            let admin = try await AuthTests.mint(manager, .admin, id: "admin-1")
            var headers = admin
            headers[AuthTests.reason] = "onboarding"
            let created = try await client.send(.post, "/v1/tokens", json: ["role": "writer", "user_id": "alice", "name": "laptop"], headers: headers)
            #expect(created.status == .created)
            let issued = try IssuedToken(json: created.json())
            #expect(issued.token.role == .writer)
            #expect(issued.token.userID == "alice")
            #expect(issued.token.name == "laptop")
            #expect(created.headers[.location] == "/v1/tokens/\(issued.token.id)")
            #expect(APIToken.isWellFormed(issued.text))
            #expect(try created.json()["hash"] == nil)

            // Works on the very next request, confined to its user.
            let writer = Self.bearer(issued.text)
            let session = try await client.send(.post, "/v1/sessions", json: ["application": "t"], headers: writer)
            #expect(session.status == .created)
            #expect(try session.json()["user_id"] == "alice")

            // Listed without its text or hash.
            let listed = try await client.send(.get, "/v1/tokens", headers: admin)
            let body = String(buffer: listed.body)
            #expect(listed.status == .ok)
            #expect(!body.contains(issued.text))
            #expect(!body.contains(issued.token.hash))
            let tokens = try JSONFields(listed.json(), what: "tokens").array("tokens", APIToken.init(json:))
            #expect(tokens.map(\.id) == ["admin-1", issued.token.id])
            #expect(tokens.allSatisfy { $0.isActive })
            #expect(tokens.allSatisfy { $0.hash.isEmpty })

            let revoked = try await client.send(.delete, "/v1/tokens/\(issued.token.id)", headers: headers)
            #expect(revoked.status == .ok)
            #expect(try revoked.json()["revoked_at"]?.stringValue != nil)
            let refused = try await client.send(.get, "/v1/sessions", headers: writer)
            #expect(refused.status == .unauthorized)
            #expect(refused.problemCode == "unauthorized")
            let again = try await client.send(.delete, "/v1/tokens/\(issued.token.id)", headers: admin)
            #expect(again.status == .notFound)
            #expect(again.problemCode == "token_not_found")

            let entries = try await AuthTests.audit(manager).filter { $0.action.hasPrefix("token.") }
            #expect(entries.map(\.action) == ["token.create", "token.revoke"])
            #expect(entries.allSatisfy { $0.actor == "token:admin-1" })
            #expect(entries.allSatisfy { $0.target == "token:\(issued.token.id)" })
            #expect(entries.allSatisfy { $0.details["reason"] == "onboarding" })
            #expect(entries[0].details["role"] == "writer")
            #expect(entries[0].details["user"] == "alice")
        }
    }

    /// Open mode grants everything, these routes included; the first token created closes the API.
    @Test func inOpenModeTheFirstTokenCanBeCreatedOverHTTP() async throws {
        try await ServerFixture.withServer { client, manager in
            let empty = try await client.send(.get, "/v1/tokens")
            #expect(empty.status == .ok)
            #expect(try empty.json() == ["tokens": []])
            let created = try await client.send(.post, "/v1/tokens", json: ["role": "admin"])
            let issued = try IssuedToken(json: created.json())
            #expect(issued.token.name == "admin token")
            #expect(try await client.send(.get, "/v1/tokens").status == .unauthorized)
            #expect(try await client.send(.get, "/v1/tokens", headers: Self.bearer(issued.text)).status == .ok)
            let entry = try #require(try await AuthTests.audit(manager).first)
            #expect(entry.actor == "anonymous")
            #expect(entry.action == "token.create")
            #expect(entry.details["role"] == "admin")
        }
    }

    @Test(arguments: [
        ("POST", "/v1/tokens", "{oops", HTTPResponse.Status.badRequest, "invalid_json"),
        ("POST", "/v1/tokens", "", .badRequest, "invalid_json"),
        ("POST", "/v1/tokens", "[1]", .badRequest, "invalid_argument"),
        ("POST", "/v1/tokens", "{}", .badRequest, "invalid_argument"),
        ("POST", "/v1/tokens", #"{"role":"boss"}"#, .badRequest, "invalid_argument"),
        ("POST", "/v1/tokens", #"{"role":5}"#, .badRequest, "invalid_argument"),
        ("POST", "/v1/tokens", #"{"role":"reader","user_id":""}"#, .badRequest, "invalid_argument"),
        ("POST", "/v1/tokens", #"{"role":"reader","name":""}"#, .badRequest, "invalid_argument"),
        ("POST", "/v1/tokens", #"{"role":"reader","expires_in":60}"#, .badRequest, "invalid_argument"),
        ("DELETE", "/v1/tokens/nope", "", .notFound, "token_not_found"),
        ("GET", "/v1/audit?limit=0", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/audit?limit=1001", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/audit?limit=abc", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/audit?after=-1", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/audit?after=x", "", .badRequest, "invalid_argument"),
    ])
    func badInputGetsProblems(_ method: String, _ uri: String, _ body: String, _ status: HTTPResponse.Status, _ code: String) async throws {
        try await ServerFixture.withServer { client, manager in
            let admin = try await AuthTests.mint(manager, .admin)
            let response = try await client.send(HTTPRequest.Method(method)!, uri, text: body.isEmpty ? nil : body, headers: admin)
            #expect(response.status == status, "\(method) \(uri) \(body)")
            #expect(response.problemCode == code, "\(method) \(uri) \(body)")
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(try await manager.store.tokens().count == 1)  // nothing created
        }
    }

    @Test func theAuditLogPagesOldestFirst() async throws {
        try await ServerFixture.withServer { client, manager in
            let id = try await client.createSession(["application": "t", "user_id": "alice"])
            let reader = try await AuthTests.mint(manager, .reader, user: "alice")
            for _ in 0..<5 { _ = try await client.send(.get, "/v1/sessions/\(id)", headers: reader) }
            let admin = try await AuthTests.mint(manager, .admin)
            var after: Int64 = 0
            var pages: [AuditPage] = []
            while pages.count < 10 {
                let page = try AuditPage(json: try await client.send(.get, "/v1/audit?limit=2&after=\(after)", headers: admin).json())
                pages.append(page)
                guard let next = page.nextAfter else { break }
                after = next
            }
            let stored = try await AuthTests.audit(manager)
            #expect(stored.count == 5)
            #expect(pages.flatMap(\.entries) == stored)
            #expect(pages.map(\.entries.count) == [2, 2, 1])
        }
    }
}

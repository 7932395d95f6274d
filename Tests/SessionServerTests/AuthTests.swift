import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import SessionCore
import SessionKit
import SessionServer
import SessionStore
import Testing

/// Tokens, roles, user isolation, audit, export and erasure over HTTP.
@Suite struct AuthTests {
    static let reason = HTTPField.Name("X-Sessiond-Reason")!

    /// Creates a token in the server's store and returns its `Authorization` header.
    static func mint(_ manager: SessionManager, _ role: AccessRole, user: String? = nil, id: String = UUID().uuidString) async throws
        -> HTTPFields
    {
        let access = manager.store
        let (text, token) = APIToken.generate(id: id, name: "test", role: role, userID: user, now: Timestamp(milliseconds: 1_790_000_000_000))
        try await access.createToken(token)
        return [.authorization: "Bearer \(text)"]
    }

    static func audit(_ manager: SessionManager) async throws -> [AuditEntry] {
        try await manager.store.audit(after: 0, limit: 1000)
    }

    @Test func withoutTokensTheAPIIsOpenAndWithOneEveryRequestNeedsIt() async throws {
        try await ServerFixture.withServer { client, manager in
            let id = try await client.createSession()
            #expect(try await client.send(.get, "/v1/sessions/\(id)").status == .ok)
            let admin = try await Self.mint(manager, .admin)
            let refused = try await client.send(.get, "/v1/sessions/\(id)")
            #expect(refused.status == .unauthorized)
            #expect(refused.problemCode == "unauthorized")
            #expect(refused.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let unknown = "sd_" + String(repeating: "0", count: 64)
            #expect(try await client.send(.get, "/v1/sessions/\(id)", headers: [.authorization: "Bearer \(unknown)"]).status == .unauthorized)
            #expect(try await client.send(.get, "/v1/sessions/\(id)", headers: [.authorization: "Basic abc"]).status == .unauthorized)
            #expect(try await client.send(.get, "/v1/sessions/\(id)", headers: admin).status == .ok)
            // Health and the API description stay open.
            #expect(try await client.send(.get, "/health/live").status == .ok)
            #expect(try await client.send(.get, "/openapi.yaml").status == .ok)
        }
    }

    @Test func aServerThatRequiresTokensIsNeverOpen() async throws {
        try await ServerFixture.withServer(configure: { $0.requireToken = true }) { client, manager in
            #expect(try await client.send(.get, "/v1/sessions").status == .unauthorized)
            let reader = try await Self.mint(manager, .reader)
            #expect(try await client.send(.get, "/v1/sessions", headers: reader).status == .ok)
        }
    }

    /// Every role against representative routes, on its own user's sessions.
    @Test(arguments: AccessRole.allCases)
    func rolesDecideWhatATokenMayDo(_ role: AccessRole) async throws {
        try await ServerFixture.withServer { client, manager in
            let id = try await client.createSession(["application": "t", "user_id": "alice"])
            let other = try await client.createSession(["application": "t", "user_id": "alice"])
            let token = try await Self.mint(manager, role, user: "alice")
            func expect(_ method: HTTPRequest.Method, _ uri: String, json: JSONValue? = nil, _ minimum: AccessRole, _ success: HTTPResponse.Status) async throws {
                let response = try await client.send(method, uri, json: json, headers: token)
                let expected: HTTPResponse.Status = role >= minimum ? success : .forbidden
                #expect(response.status == expected, "\(role) \(method) \(uri): \(response.status) \(String(buffer: response.body))")
                if expected == .forbidden { #expect(response.problemCode == "forbidden") }
            }
            try await expect(.get, "/v1/sessions", .reader, .ok)
            try await expect(.get, "/v1/sessions/\(id)", .reader, .ok)
            try await expect(.get, "/v1/sessions/\(id)/events", .reader, .ok)
            try await expect(.get, "/v1/sessions/\(id)/state", .reader, .ok)
            try await expect(.get, "/v1/sessions/\(id)/metrics", .reader, .ok)
            try await expect(.get, "/v1/sessions/\(id)/tree", .reader, .ok)
            try await expect(.post, "/v1/sessions", json: ["application": "t"], .writer, .created)
            try await expect(.post, "/v1/sessions/\(id)/events", json: ["type": "tool.call"], .writer, .created)
            try await expect(.post, "/v1/sessions/\(id)/heartbeat", .writer, .ok)
            try await expect(.post, "/v1/sessions/\(id)/suspend", .writer, .ok)
            try await expect(.post, "/v1/sessions/\(id)/resume", .writer, .ok)
            try await expect(.post, "/v1/sessions/\(other)/terminate", .operator, .ok)
            try await expect(.post, "/v1/sessions/\(id)/end", .writer, .ok)
            try await expect(.get, "/v1/users/alice/export", .reader, .ok)
            try await expect(.delete, "/v1/users/alice", .operator, .ok)
        }
    }

    @Test func aUserBoundTokenSeesOnlyItsUsersSessions() async throws {
        try await ServerFixture.withServer { client, manager in
            let mine = try await client.createSession(["application": "t", "user_id": "alice"])
            let bobs = try await client.createSession(["application": "t", "user_id": "bob"])
            let nobodys = try await client.createSession(["application": "t"])
            let alice = try await Self.mint(manager, .operator, user: "alice")
            for target in [bobs, nobodys] {
                for (method, path) in [
                    (HTTPRequest.Method.get, ""), (.get, "/events"), (.get, "/state"), (.get, "/tree"), (.get, "/metrics"),
                    (.post, "/heartbeat"), (.post, "/terminate"), (.post, "/undo"), (.post, "/recover"),
                ] {
                    let response = try await client.send(method, "/v1/sessions/\(target)\(path)", headers: alice)
                    #expect(response.status == .notFound, "\(method) \(path)")
                    #expect(response.problemCode == "session_not_found", "\(method) \(path)")
                }
                let append = try await client.send(.post, "/v1/sessions/\(target)/events", json: ["type": "x"], headers: alice)
                #expect(append.status == .notFound)
                // A child under another user's session: the parent is not found either.
                let child = try await client.send(.post, "/v1/sessions", json: ["parent_id": .string(target)], headers: alice)
                #expect(child.status == .notFound)
            }
            #expect(try await client.send(.get, "/v1/sessions/\(mine)", headers: alice).status == .ok)
            let listed = try await client.send(.get, "/v1/sessions", headers: alice).json()
            #expect(listed["sessions"]?.authItems?.compactMap { $0["id"]?.stringValue } == [mine])
            let asked = try await client.send(.get, "/v1/sessions?user=bob", headers: alice).json()
            #expect(asked["sessions"]?.authItems?.isEmpty == true)
            // Creating: the token's user is forced; another user is refused.
            let created = try await client.send(.post, "/v1/sessions", json: ["application": "t"], headers: alice)
            #expect(try created.json()["user_id"] == "alice")
            let forBob = try await client.send(.post, "/v1/sessions", json: ["application": "t", "user_id": "bob"], headers: alice)
            #expect(forBob.status == .forbidden)
            #expect(try await client.send(.get, "/v1/users/bob/export", headers: alice).status == .notFound)
            #expect(try await client.send(.delete, "/v1/users/bob", headers: alice).status == .notFound)
            // Nothing of Bob's changed.
            let admin = try await Self.mint(manager, .admin)
            #expect(try await client.send(.get, "/v1/sessions/\(bobs)", headers: admin).json()["status"] == "active")
        }
    }

    @Test func adminOverridesAreAuditedWithTheirReason() async throws {
        try await ServerFixture.withServer { client, manager in
            let bobs = try await client.createSession(["application": "t", "user_id": "bob"])
            let admin = try await Self.mint(manager, .admin, user: "root", id: "admin-1")
            var headers = admin
            headers[Self.reason] = "ticket 42"
            #expect(try await client.send(.get, "/v1/sessions/\(bobs)", headers: headers).status == .ok)
            #expect(try await client.send(.post, "/v1/sessions/\(bobs)/terminate", headers: headers).status == .ok)
            let entries = try await Self.audit(manager).filter { $0.action == "session.override" }
            #expect(entries.count == 2)
            for entry in entries {
                #expect(entry.actor == "token:admin-1")
                #expect(entry.target == "session:\(bobs)")
                #expect(entry.details["reason"] == "ticket 42")
                #expect(entry.details["user"] == "bob")
                #expect(entry.details["role"] == "admin")
            }
            #expect(entries.map { $0.details["operation"] } == ["show", "terminate"])
            // The admin's own sessions are no override.
            let own = try await client.send(.post, "/v1/sessions", json: ["application": "t"], headers: admin)
            let ownUser = try own.json()["user_id"] ?? .null
            #expect(own.status == .created)
            #expect(ownUser == .null)
            let ownsRoot = try await client.send(.post, "/v1/sessions", json: ["application": "t", "user_id": "root"], headers: admin)
            _ = try await client.send(.get, "/v1/sessions/\(try #require(try ownsRoot.json()["id"]?.stringValue))", headers: admin)
            #expect(try await Self.audit(manager).filter { $0.action == "session.override" }.count == 2)
        }
    }

    @Test func readsOfSessionDataAreAudited() async throws {
        try await ServerFixture.withServer { client, manager in
            let id = try await client.createSession(["application": "t", "user_id": "alice"])
            let reader = try await Self.mint(manager, .reader, user: "alice", id: "reader-1")
            _ = try await client.send(.get, "/v1/sessions/\(id)/events", headers: reader)
            let reads = try await Self.audit(manager).filter { $0.action == "session.read" }
            #expect(reads.count == 1)
            #expect(reads.first?.actor == "token:reader-1")
            #expect(reads.first?.target == "session:\(id)")
            #expect(reads.first?.details["operation"] == "events")
        }
    }

    @Test func aRevokedTokenIsRefusedAtOnce() async throws {
        try await ServerFixture.withServer { client, manager in
            let id = try await client.createSession()
            let token = try await Self.mint(manager, .writer, id: "w1")
            _ = try await Self.mint(manager, .admin)  // another token keeps the server closed
            #expect(try await client.send(.get, "/v1/sessions/\(id)", headers: token).status == .ok)
            let access = manager.store
            #expect(try await access.revokeToken(id: "w1", at: Timestamp(milliseconds: 1_790_000_000_000)))
            let refused = try await client.send(.get, "/v1/sessions/\(id)", headers: token)
            #expect(refused.status == .unauthorized)
            #expect(refused.problemCode == "unauthorized")
        }
    }

    @Test func exportIsJSONLinesOfTheUsersSessionsEventsAndSnapshots() async throws {
        try await ServerFixture.withServer { client, manager in
            let first = try await client.createSession(["application": "t", "user_id": "alice"])
            _ = try await client.send(.post, "/v1/sessions/\(first)/events", json: ["type": "tool.call", "state_delta": ["k": 1]])
            _ = try await client.send(.post, "/v1/sessions/\(first)/end")  // ending takes a snapshot
            let second = try await client.createSession(["application": "t", "user_id": "alice"])
            let bobs = try await client.createSession(["application": "t", "user_id": "bob"])
            _ = try await client.send(.post, "/v1/sessions/\(bobs)/events", json: ["type": "bob.secret"])
            let admin = try await Self.mint(manager, .admin, id: "admin-x")
            var headers = admin
            headers[Self.reason] = "subject access request"
            let response = try await client.send(.get, "/v1/users/alice/export", headers: headers)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/jsonl")
            let lines = try String(buffer: response.body).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
            let sessions = lines.filter { $0["kind"] == "session" }.compactMap { $0["session"]?["id"]?.stringValue }
            #expect(sessions == [first, second])
            let events = lines.filter { $0["kind"] == "event" }
            let firstEvents = try await manager.events(try #require(UUID(uuidString: first)), limit: 1000).events
            let secondEvents = try await manager.events(try #require(UUID(uuidString: second)), limit: 1000).events
            #expect(events.count == firstEvents.count + secondEvents.count)
            #expect(events.allSatisfy { $0["event"]?["session_id"]?.stringValue != bobs })
            #expect(events.contains { $0["event"]?["type"] == "tool.call" })
            #expect(!events.contains { $0["event"]?["type"] == "bob.secret" })
            let snapshots = lines.filter { $0["kind"] == "snapshot" }
            #expect(!snapshots.isEmpty)
            #expect(snapshots.allSatisfy { $0["snapshot"]?["session_id"]?.stringValue == first })
            // Each session's lines come before the next session's.
            let order = lines.map { $0["session"]?["id"]?.stringValue ?? $0["event"]?["session_id"]?.stringValue ?? $0["snapshot"]?["session_id"]?.stringValue }
            #expect(order == order.sorted { ($0 ?? "") < ($1 ?? "") } || order.firstIndex(of: second)! > order.lastIndex(of: first)!)
            let exports = try await Self.audit(manager).filter { $0.action == "user.export" }
            try #require(exports.count == 1)
            #expect(exports[0].target == "user:alice")
            #expect(exports[0].actor == "token:admin-x")
            #expect(exports[0].details["reason"] == "subject access request")
            #expect(exports[0].details["override"] == true)
        }
    }

    @Test func eraseRemovesEverythingOfThatUserAndNothingElse() async throws {
        try await ServerFixture.withServer { client, manager in
            let alices = try await client.createSession(["application": "t", "user_id": "alice", "labels": ["team": "a"]])
            _ = try await client.send(.post, "/v1/sessions/\(alices)/events", json: ["type": "tool.call"])
            let bobs = try await client.createSession(["application": "t", "user_id": "bob"])
            _ = try await client.send(.post, "/v1/sessions/\(bobs)/events", json: ["type": "tool.call"])
            let bobEvents = try await client.send(.get, "/v1/sessions/\(bobs)/events").json()
            let admin = try await Self.mint(manager, .admin)
            let erased = try await client.send(.delete, "/v1/users/alice", headers: admin)
            #expect(erased.status == .ok)
            #expect(try erased.json()["erased"]?["sessions"] == 1)
            #expect(try erased.json()["erased"]?["labels"] == 1)
            #expect(try await client.send(.get, "/v1/sessions/\(alices)", headers: admin).status == .notFound)
            #expect(try await client.send(.get, "/v1/sessions?label=team=a", headers: admin).json()["sessions"]?.authItems?.isEmpty == true)
            let export = try await client.send(.get, "/v1/users/alice/export", headers: admin)
            #expect(export.status == .ok)
            // Only the manifest: no session, no line before it.
            let manifest = try JSONParser.parse(Array(export.body.readableBytesView))
            #expect(manifest["kind"] == "manifest")
            #expect(manifest["lines"] == 0)
            #expect(manifest["sessions"] == [])
            #expect(try await client.send(.get, "/v1/sessions/\(bobs)/events", headers: admin).json() == bobEvents)
            let audit = try await Self.audit(manager)
            #expect(audit.contains { $0.action == "user.erase" && $0.target == "user:alice" })
            #expect(audit.contains { $0.action == "user.erased" && $0.details["erased"]?["sessions"] == 1 })
        }
    }

    /// Paths that route to `/v1/…` but are spelled otherwise are authenticated too.
    @Test func oddlySpelledPathsAreStillAuthenticated() async throws {
        try await ServerFixture.withServer { client, manager in
            let id = try await client.createSession(["application": "t", "user_id": "alice"])
            _ = try await Self.mint(manager, .admin, user: nil)
            for path in ["//v1/sessions/\(id)", "/v1//sessions/\(id)", "//v1/stream"] {
                let response = try await client.send(.get, path)
                #expect(response.status == .unauthorized || response.status == .notFound, "\(path): \(response.status)")
                #expect(response.status != .ok)
            }
        }
    }

    /// The stream confines a user-bound token to its user, whatever `user` it asks for.
    @Test func aUserBoundTokenStreamsOnlyItsUsersEvents() async throws {
        try await ServerFixture.withServer(.live) { client, manager in
            let port = try #require(client.port)
            let alices = try await client.createSession(["application": "t", "user_id": "alice"])
            let bobs = try await client.createSession(["application": "t", "user_id": "bob"])
            _ = try await client.send(.post, "/v1/sessions/\(bobs)/events", json: ["type": "bob.secret"])
            _ = try await client.send(.post, "/v1/sessions/\(alices)/events", json: ["type": "alice.last"])
            let token = try await Self.mint(manager, .reader, user: "alice")
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/stream?user=bob")
            request.headers.add(name: "Authorization", value: try #require(token[.authorization]))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .ok)
            var text = ""
            for try await chunk in response.body {
                text += String(buffer: chunk)
                if text.contains("alice.last") || text.contains(bobs) { break }  // either way it ends
            }
            #expect(text.contains(alices))
            #expect(!text.contains(bobs))
            #expect(!text.contains("bob.secret"))
        }
    }

    @Test func openModeStillAuditsExportsAndErasures() async throws {
        try await ServerFixture.withServer { client, manager in
            _ = try await client.createSession(["application": "t", "user_id": "carol"])
            #expect(try await client.send(.get, "/v1/users/carol/export").status == .ok)
            #expect(try await client.send(.delete, "/v1/users/carol").status == .ok)
            let actions = try await Self.audit(manager).map { "\($0.actor) \($0.action)" }
            #expect(actions == ["anonymous user.export", "anonymous user.erase", "anonymous user.erased"])
        }
    }
}

extension JSONValue {
    /// The elements of an array, else `nil`.
    fileprivate var authItems: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

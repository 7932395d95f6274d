import Foundation
import HTTPTypes
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import SessionStore
import Testing

/// Legal holds over HTTP: admin only, audited, and erasure of a held user is refused whole.
@Suite struct HoldsTests {
    @Test func adminPlacesListsAndReleasesHoldsThatBlockErasure() async throws {
        try await ServerFixture.withServer { client, manager in
            let held = try await client.createSession(["application": "t", "user_id": "alice"])
            let admin = try await AuthTests.mint(manager, .admin)
            let op = try await AuthTests.mint(manager, .operator, user: "alice")

            let refused = try await client.send(.post, "/v1/holds", json: ["target": .string(held), "reason": "case 9"], headers: op)
            #expect(refused.status == .forbidden)
            let placed = try await client.send(.post, "/v1/holds", json: ["target": .string(held), "reason": "case 9"], headers: admin)
            #expect(placed.status == .created)
            #expect(try placed.json()["scope"] == "session")
            #expect(try placed.json()["target"] == .string(held))
            let typo = try await client.send(.post, "/v1/holds", json: ["target": .string(held), "reason": "x", "scop": "user"], headers: admin)
            #expect(typo.status == .badRequest)
            #expect(try typo.json()["detail"]?.stringValue?.contains("unknown field scop") == true)
            #expect(try await client.send(.post, "/v1/holds", json: ["target": "nope", "reason": "x"], headers: admin).status == .badRequest)
            #expect(try await client.send(.get, "/v1/holds", headers: admin).json()["holds"]?.arrayValue?.count == 1)

            let erase = try await client.send(.delete, "/v1/users/alice", headers: op)
            #expect(erase.status == .conflict)
            #expect(erase.problemCode == "legal_hold")
            #expect(try await client.send(.get, "/v1/sessions/\(held)", headers: admin).status == .ok)

            #expect(try await client.send(.delete, "/v1/holds/session/\(held)", headers: admin).status == .noContent)
            let again = try await client.send(.delete, "/v1/holds/session/\(held)", headers: admin)
            #expect(again.status == .notFound)
            #expect(again.problemCode == "hold_not_found")
            #expect(try await client.send(.delete, "/v1/users/alice", headers: op).status == .ok)
            let actions = try await AuthTests.audit(manager).map(\.action)
            #expect(actions.contains("hold.place"))
            #expect(actions.contains("hold.release"))
        }
    }

    @Test func erasureGoesToTheTrashWhichAnAdminListsAndRestoresFrom() async throws {
        try await ServerFixture.withServer(engine: { $0.trashGrace = .seconds(3_600) }) { client, manager in
            let id = try await client.createSession(["application": "t", "user_id": "alice"])
            let admin = try await AuthTests.mint(manager, .admin)
            let op = try await AuthTests.mint(manager, .operator, user: "alice")
            let erased = try await client.send(.delete, "/v1/users/alice", headers: op)
            #expect(erased.status == .ok)
            #expect(try erased.json()["trashed"] == true)
            #expect(try erased.json()["purge_after"]?.stringValue != nil)
            #expect(try await client.send(.get, "/v1/sessions/\(id)", headers: admin).status == .notFound)

            #expect(try await client.send(.get, "/v1/trash", headers: op).status == .forbidden)
            let listed = try await client.send(.get, "/v1/trash", headers: admin).json()["users"]?.arrayValue
            #expect(listed?.first?["user_id"] == "alice")
            #expect(try await client.send(.post, "/v1/trash/alice/restore", headers: op).status == .forbidden)
            let restored = try await client.send(.post, "/v1/trash/alice/restore", headers: admin)
            #expect(try restored.json()["restored"]?["sessions"] == 1)
            #expect(try await client.send(.get, "/v1/sessions/\(id)", headers: admin).status == .ok)
            let nothing = try await client.send(.post, "/v1/trash/alice/restore", headers: admin)
            #expect(nothing.status == .notFound)
            #expect(nothing.problemCode == "not_in_trash")

            let purged = try await client.send(.delete, "/v1/users/alice?purge=true", headers: op)
            #expect(try purged.json()["trashed"] == false)
            #expect(try await client.send(.get, "/v1/trash", headers: admin).json()["users"] == [])
            #expect(try await client.send(.delete, "/v1/users/alice?purge=maybe", headers: op).status == .badRequest)
            #expect(try await AuthTests.audit(manager).map(\.action).contains("trash.restore"))
        }
    }
}

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
}

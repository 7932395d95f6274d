import Foundation
import HTTPTypes
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import SessionStore
import Testing

/// `GET`/`PUT /v1/users/{user}/consent`: the user's own token or an admin; others get 404.
@Suite struct ConsentAPITests {
    @Test func usersSetAndReadTheirOwnConsentAndOthersCannot() async throws {
        try await ServerFixture.withServer { client, manager in
            let ann = try await AuthTests.mint(manager, .writer, user: "ann")
            let bob = try await AuthTests.mint(manager, .writer, user: "bob")
            let admin = try await AuthTests.mint(manager, .admin)
            #expect(try await client.send(.get, "/v1/users/ann/consent", headers: ann).problemCode == "consent_not_found")
            let set = try await client.send(.put, "/v1/users/ann/consent", json: ["categories": ["content"], "policy_version": "v2"], headers: ann)
            #expect(set.status == .ok)
            #expect(try set.json()["categories"] == ["content"])
            #expect(try set.json()["updated_by"]?.stringValue?.hasPrefix("token:") == true)
            #expect(try await client.send(.get, "/v1/users/ann/consent", headers: ann).json()["policy_version"] == "v2")
            #expect(try await client.send(.get, "/v1/users/ann/consent", headers: bob).status == .notFound)
            #expect(try await client.send(.put, "/v1/users/ann/consent", json: ["categories": []], headers: bob).status == .notFound)
            let bad = try await client.send(.put, "/v1/users/ann/consent", json: ["categories": ["screenshots"]], headers: ann)
            #expect(bad.status == .badRequest)
            #expect(try await client.send(.get, "/v1/users/ann/consent", headers: admin).json()["categories"] == ["content"])
            let actions = try await AuthTests.audit(manager).map(\.action)
            #expect(actions.contains("consent.set"))
            #expect(actions.contains("consent.read"))
        }
    }
}

import Foundation
import SessionCore
import SessionKit
import SessionStore
import TestSupport
import Testing

/// Consent on every backend: a record replaces the last, and writes are stored as it allows.
@Suite struct ConsentConformanceTests {
    @Test(arguments: StoreBackend.available)
    func writesFollowTheUsersConsentFromThenOn(_ backend: StoreBackend) async throws {
        try await backend.withEngine({ $0.consent = ConsentPolicy(required: true) }) { manager, _ in
            // Required and no record: nothing but the lifecycle is kept.
            let before = try await manager.create(.stub(user: "ann"))
            #expect(before.context == .emptyObject)
            let dropped = try await manager.append(before.id, [NewEvent(type: "user.prompt", data: ["text": "my secret plan"], stateDelta: ["plan": 1])])
            #expect(dropped.events[0].data == .emptyObject)
            #expect(dropped.events[0].redactions.map(\.rule) == ["consent", "consent"])
            #expect(try await manager.state(before.id).state == .emptyObject)
            #expect(try await manager.verify(before.id).isIntact)

            let record = try await manager.setConsent(user: "ann", categories: [.content, .context], policyVersion: "2026-12", actor: "test")
            #expect(try await manager.store.consent(userID: "ann") == record)
            #expect(try await manager.store.consent(userID: "bob") == nil)
            let kept = try await manager.append(before.id, [NewEvent(type: "user.prompt", data: ["text": "hello"])])
            #expect(kept.events[0].data == ["text": "hello"])
            let after = try await manager.create(.stub(user: "ann"))
            #expect(after.context == ["project": ["cwd": "/work"]])

            _ = try await manager.setConsent(user: "ann", categories: [.context], policyVersion: "2026-12", actor: "test")
            #expect(try await manager.store.consent(userID: "ann")?.categories == [.context])
            let withdrawn = try await manager.append(after.id, [NewEvent(type: "user.prompt", data: ["text": "again"])])
            #expect(withdrawn.events[0].data == .emptyObject)
            #expect(try await manager.store.audit(after: 0, limit: 10).filter { $0.action == "consent.set" }.count == 2)
        }
    }
}

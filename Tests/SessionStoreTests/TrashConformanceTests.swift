import Foundation
import SessionCore
import SessionKit
import SessionStore
import Testing

/// ``TrashStore`` on every backend: erased data leaves every read, comes back whole, and is
/// purged only past the grace period and never under a hold.
@Suite struct TrashConformanceTests {
    static let t0 = Timestamp(milliseconds: 1_790_000_000_000)

    @Test(arguments: StoreBackend.available)
    func trashedSessionsLeaveEveryReadAndComeBackWhole(_ backend: StoreBackend) async throws {
        try await backend.withEngine({ $0.snapshotInterval = 4 }) { manager, _ in
            let store = manager.store
            let root = try await manager.create(.stub(user: "alice", labels: ["team": "red"]))
            let child = try await manager.create(.stub(user: "alice"), parentID: root.id)
            let bobs = try await manager.create(.stub(user: "bob"), parentID: root.id)
            _ = try await manager.append(root.id, (0..<6).map { NewEvent(type: "note", data: ["n": .int(Int64($0))], stateDelta: ["n": .int(Int64($0))]) })
            _ = try await manager.append(child.id, [NewEvent(type: "note", data: ["x": 1])])
            let before = try await store.events(root.id, afterSeq: 0, limit: 100, types: [])
            let childEvents = try await store.events(child.id, afterSeq: 0, limit: 100, types: []).count
            let snapshots = try await store.snapshots(root.id, afterSeq: 0, limit: 100)
            #expect(!snapshots.isEmpty)

            let moved = try await store.trashUser("alice", at: Self.t0)
            #expect(moved.sessions == 2)
            #expect(moved.events == before.count + childEvents)
            #expect(try await store.session(root.id) == nil)
            #expect(try await store.userSessions("alice", after: nil, limit: 10).isEmpty)
            #expect(try await store.events(root.id, afterSeq: 0, limit: 10, types: []).isEmpty)
            #expect(try await store.sessions(SessionQuery(labels: ["team": "red"])).sessions.isEmpty)
            #expect(try await store.session(bobs.id)?.parentID == nil)  // detached, as erasure does
            #expect(try await store.trashed() == [TrashedUser(userID: "alice", sessions: 2, trashedAt: Self.t0)])
            let afterTrash = try await store.latestPosition()

            let restored = try await store.restoreTrash("alice")
            #expect(restored == moved)
            #expect(try await store.trashed().isEmpty)
            #expect(try await store.session(root.id)?.state == ["n": 5])
            #expect(try await store.session(child.id)?.parentID == root.id)
            #expect(try await store.events(root.id, afterSeq: 0, limit: 100, types: []) == before)
            #expect(try await store.snapshots(root.id, afterSeq: 0, limit: 100) == snapshots)
            #expect(try await store.sessions(SessionQuery(labels: ["team": "red"])).sessions.map(\.id) == [root.id])
            #expect(try await manager.verify(root.id).isIntact)
            // New events still get positions above everything stored before.
            let next = try await manager.append(root.id, [NewEvent(type: "note")])
            #expect(try #require(next.events.first).position > max(afterTrash, before.map(\.position).max() ?? 0))
            #expect(try await store.restoreTrash("alice") == UserErasure(sessions: 0, events: 0, snapshots: 0, labels: 0))
        }
    }

    @Test(arguments: StoreBackend.available)
    func purgeTakesOnlyWhatIsPastTheGraceAndUnheld(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let store = manager.store
            var perSession: Int64 = 0
            for user in ["alice", "bob", "carol"] {
                let session = try await manager.create(.stub(user: user))
                perSession = try await manager.append(session.id, [NewEvent(type: "note", data: ["who": .string(user)])]).lastSeq
            }
            _ = try await store.trashUser("alice", at: Self.t0)
            _ = try await store.trashUser("bob", at: Self.t0)
            _ = try await store.trashUser("carol", at: Self.t0.adding(.seconds(60)))
            try await store.placeHold(LegalHold(scope: .user, target: "bob", reason: "case 7", placedBy: "test", placedAt: Self.t0))

            let first = try await store.purgeTrash(trashedBefore: Self.t0.adding(.seconds(1)), userID: nil)
            #expect(first.erased.sessions == 1)
            #expect(first.erased.events == Int(perSession))
            #expect(first.emptiedUsers == ["alice"])
            #expect(try await store.trashed().map(\.userID) == ["bob", "carol"])
            #expect(try await store.restoreTrash("alice").sessions == 0)  // gone for good

            #expect(try await store.releaseHold(scope: .user, target: "bob"))
            let onlyBob = try await store.purgeTrash(trashedBefore: Timestamp(milliseconds: .max), userID: "bob")
            #expect(onlyBob.emptiedUsers == ["bob"])
            #expect(try await store.trashed().map(\.userID) == ["carol"])
        }
    }

    @Test(arguments: StoreBackend.available)
    func restoreIsRefusedWholeWhenAnExternalIDWasTakenMeanwhile(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let store = manager.store
            let first = try await manager.create(.stub(user: "alice", externalID: "conv-1"))
            _ = try await manager.create(.stub(user: "alice", externalID: "conv-2"))
            _ = try await store.trashUser("alice", at: Self.t0)
            _ = try await manager.create(.stub(user: "dave", externalID: "conv-1"))
            let error = await #expect(throws: SessionError.self) { _ = try await store.restoreTrash("alice") }
            #expect(error?.code == .duplicateExternalID)
            #expect(try await store.session(first.id) == nil)
            #expect(try await store.trashed().first?.sessions == 2)
        }
    }

    @Test(arguments: StoreBackend.available)
    func heldSessionsAreNotTrashed(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let session = try await manager.create(.stub(user: "alice"))
            try await manager.store.placeHold(LegalHold(scope: .session, target: session.id.lowercased, reason: "r", placedBy: "t", placedAt: Self.t0))
            let error = await #expect(throws: SessionError.self) { _ = try await manager.store.trashUser("alice", at: Self.t0) }
            #expect(error?.code == .legalHold)
            #expect(try await manager.store.session(session.id) != nil)
            #expect(try await manager.store.trashed().isEmpty)
        }
    }
}

import Foundation
import SessionCore
import SessionKit
import SessionStore
import Testing

/// ``AccessStore`` on every backend: tokens, audit log, per-user export and erasure.
@Suite struct AccessConformanceTests {
    static let t0 = Timestamp(milliseconds: 1_790_000_000_000)

    static func access(_ store: any SessionStore) throws -> any AccessStore {
        store
    }

    @Test(arguments: StoreBackend.available)
    func tokensAreStoredAsHashesAndRevokedAtOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let access = try Self.access(store)
            #expect(try await access.hasActiveTokens() == false)
            let (text, token) = APIToken.generate(id: "t1", name: "ci", role: .writer, userID: "alice", now: Self.t0)
            try await access.createToken(token)
            #expect(try await access.hasActiveTokens())
            #expect(try await access.token(hash: APIToken.hash(of: text)) == token)
            #expect(try await access.token(hash: APIToken.hash(of: text + "0")) == nil)
            let (_, admin) = APIToken.generate(id: "t2", name: "ops", role: .admin, userID: nil, now: Self.t0.adding(.seconds(1)))
            try await access.createToken(admin)
            #expect(try await access.tokens().map(\.id) == ["t1", "t2"])
            // The same id again is refused and writes nothing.
            var duplicate = admin
            duplicate.hash = String(repeating: "0", count: 64)
            let duplicateToken = await #expect(throws: SessionError.self) { try await access.createToken(duplicate) }
            #expect(duplicateToken?.code == .invalidArgument)
            #expect(try await access.tokens().count == 2)

            #expect(try await access.revokeToken(id: "t1", at: Self.t0.adding(.seconds(5))))
            #expect(try await access.revokeToken(id: "t1", at: Self.t0.adding(.seconds(6))) == false)
            #expect(try await access.revokeToken(id: "nope", at: Self.t0) == false)
            let revoked = try #require(try await access.token(hash: token.hash))
            #expect(revoked.revokedAt == Self.t0.adding(.seconds(5)))
            #expect(!revoked.isActive)
            #expect(try await access.hasActiveTokens())
            #expect(try await access.revokeToken(id: "t2", at: Self.t0))
            #expect(try await access.hasActiveTokens() == false)
        }
    }

    @Test(arguments: StoreBackend.available)
    func auditLogAppendsInOrderAndPages(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let access = try Self.access(store)
            var ids: [Int64] = []
            for index in 0..<3 {
                let entry = try await access.appendAudit(
                    AuditEntry(time: Self.t0.adding(.seconds(Int64(index))), actor: "token:a", action: "session.read", target: "session:\(index)",
                        details: ["reason": .string("ticket \(index)")]))
                ids.append(entry.id)
            }
            #expect(ids == ids.sorted())
            #expect(Set(ids).count == 3)
            let first = try await access.audit(after: 0, limit: 2)
            #expect(first.map(\.target) == ["session:0", "session:1"])
            #expect(first[0].details["reason"] == "ticket 0")
            #expect(first[0].actor == "token:a")
            #expect(first[0].time == Self.t0)
            let rest = try await access.audit(after: first[1].id, limit: 10)
            #expect(rest.map(\.id) == [ids[2]])
            #expect(try await access.audit(after: ids[2], limit: 1000).isEmpty)
            let zeroLimit = await #expect(throws: SessionError.self) { _ = try await access.audit(after: 0, limit: 0) }
            #expect(zeroLimit?.code == .invalidArgument)
            let overLimit = await #expect(throws: SessionError.self) { _ = try await access.audit(after: 0, limit: 1001) }
            #expect(overLimit?.code == .invalidArgument)
        }
    }

    @Test(arguments: StoreBackend.available)
    func eraseRemovesEverythingOfTheUserAndNothingElse(_ backend: StoreBackend) async throws {
        try await backend.withEngine({ $0.snapshotInterval = 4 }) { manager, _ in
            let access = try Self.access(manager.store)
            let alice = try await manager.create(.stub(user: "alice", labels: ["team": "a"]))
            _ = try await manager.append(alice.id, (0..<6).map { NewEvent(type: "step", data: ["i": .int(Int64($0))], stateDelta: ["i": .int(Int64($0))]) })
            let aliceTwo = try await manager.create(.stub(user: "alice"))
            // Alice's child of Alice's session goes with it.
            let aliceChild = try await manager.create(.stub(user: "alice"), parentID: alice.id)
            let bob = try await manager.create(.stub(user: "bob", labels: ["team": "b"]))
            _ = try await manager.append(bob.id, [NewEvent(type: "step")])
            // Bob's child under Alice's session survives, detached.
            let bobChild = try await manager.create(.stub(user: "bob"), parentID: alice.id)
            let nobody = try await manager.create(.stub(user: nil))
            var aliceEvents = 0
            for id in [alice.id, aliceTwo.id, aliceChild.id] { aliceEvents += try await manager.events(id, limit: 1000).events.count }
            let aliceSnapshots = try await access.snapshots(alice.id, afterSeq: 0, limit: 1000).count
            #expect(aliceSnapshots > 0)

            let erased = try await access.eraseUser("alice")
            #expect(erased == UserErasure(sessions: 3, events: aliceEvents, snapshots: aliceSnapshots, labels: 1))
            #expect(try await manager.store.session(alice.id) == nil)
            #expect(try await manager.store.session(aliceTwo.id) == nil)
            #expect(try await manager.store.session(aliceChild.id) == nil)
            #expect(try await manager.store.events(alice.id, afterSeq: 0, limit: 1000, types: []).isEmpty)
            #expect(try await access.snapshots(alice.id, afterSeq: 0, limit: 1000).isEmpty)
            #expect(try await manager.store.sessions(SessionQuery(labels: ["team": "a"])).sessions.isEmpty)
            #expect(try await access.userSessions("alice", after: nil, limit: 100).isEmpty)
            // The writer no longer knows the erased session.
            let afterErasure = await #expect(throws: SessionError.self) { _ = try await manager.append(alice.id, [NewEvent(type: "late")]) }
            #expect(afterErasure?.code == .sessionNotFound)

            let bobNow = try #require(try await manager.store.session(bob.id))
            #expect(bobNow.lastSeq == bob.lastSeq + 1)
            #expect(bobNow.labels == ["team": "b"])
            #expect(try await manager.store.sessions(SessionQuery(labels: ["team": "b"])).sessions.map(\.id) == [bob.id])
            #expect(try await manager.store.session(bobChild.id)?.parentID == nil)
            #expect(try await manager.store.session(nobody.id) != nil)
            _ = try await manager.append(bobChild.id, [NewEvent(type: "still.here")])
            #expect(try await access.eraseUser("alice") == UserErasure(sessions: 0, events: 0, snapshots: 0, labels: 0))
        }
    }

    /// SQLite positions are rowids: erasing the newest events must not let a later event reuse
    /// their positions (a subscriber past them would miss it).
    @Test(arguments: StoreBackend.available)
    func positionsKeepIncreasingAfterErasingTheNewestEvents(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let access = try Self.access(manager.store)
            let bob = try await manager.create(.stub(user: "bob"))
            for round in 0..<2 {
                let alice = try await manager.create(.stub(user: "alice"))
                let appended = try await manager.append(alice.id, [NewEvent(type: "a"), NewEvent(type: "b")])
                let highest = try #require(appended.events.last?.position)
                _ = try await access.eraseUser("alice")
                let next = try await manager.append(bob.id, [NewEvent(type: "after.erase.\(round)")])
                #expect(try #require(next.events.first?.position) > highest)
                // The placeholder keeping the position is nobody's data and lists nowhere.
                #expect(try await manager.store.sessions(SessionQuery(userID: "alice")).sessions.isEmpty)
            }
            let lastSeq = try #require(try await manager.store.session(bob.id)).lastSeq
            #expect(try await manager.store.events(bob.id, afterSeq: 0, limit: 1000, types: []).map(\.seq) == Array(1...lastSeq))
        }
    }

    @Test(arguments: StoreBackend.available)
    func userSessionsAndSnapshotsPage(_ backend: StoreBackend) async throws {
        try await backend.withEngine({ $0.snapshotInterval = 2 }) { manager, _ in
            let access = try Self.access(manager.store)
            var ids: [UUID] = []
            for _ in 0..<5 { ids.append(try await manager.create(.stub(user: "carol")).id) }
            _ = try await manager.create(.stub(user: "dave"))
            let first = try await access.userSessions("carol", after: nil, limit: 2)
            let second = try await access.userSessions("carol", after: first.last?.id, limit: 2)
            let third = try await access.userSessions("carol", after: second.last?.id, limit: 2)
            #expect((first + second + third).map(\.id) == ids.sorted { $0.lowercased < $1.lowercased })
            #expect(third.count == 1)
            _ = try await manager.append(ids[0], (0..<6).map { NewEvent(type: "s", stateDelta: ["n": .int(Int64($0))]) })
            let all = try await access.snapshots(ids[0], afterSeq: 0, limit: 1000)
            #expect(all.count >= 2)
            #expect(all.map(\.seq) == all.map(\.seq).sorted())
            let page = try await access.snapshots(ids[0], afterSeq: all[0].seq, limit: 1)
            #expect(page.map(\.seq) == [all[1].seq])
        }
    }
}

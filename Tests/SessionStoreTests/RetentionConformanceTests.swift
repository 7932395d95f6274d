import Foundation
import SessionCore
import SessionKit
import SessionStore
import TestSupport
import Testing

/// Retention on every backend: past its period an ended session is archived (events to a gzip
/// file, out of the hot tables), restored, and verifies; a held session stays.
@Suite struct RetentionConformanceTests {
    static let policy = RetentionPolicy(periods: .init([.completed: .seconds(30), .failed: .seconds(90)]))

    /// A session of `events` events, ended with `move`.
    static func endedSession(_ manager: SessionManager, events: Int, move: SessionMove = .end, user: String = "u1") async throws -> Session {
        let session = try await manager.create(.stub(user: user))
        for start in stride(from: 0, to: events, by: 100) {
            let batch = (start..<min(events, start + 100)).map { NewEvent(type: "tool.call", data: ["n": .int(Int64($0))], stateDelta: ["last": .int(Int64($0))]) }
            _ = try await manager.append(session.id, batch)
        }
        return try await manager.transition(session.id, move, reason: "done")
    }

    @Test(arguments: StoreBackend.available)
    func sessionPastItsPeriodIsArchivedRestoredAndVerifies(_ backend: StoreBackend) async throws {
        try await withTemporaryDirectory { dir in
            let archive = DirectoryArchiveStore(directory: URL(fileURLWithPath: dir))
            try await backend.withEngine { manager, clock in
                let done = try await Self.endedSession(manager, events: 1_200)
                let failed = try await Self.endedSession(manager, events: 3, move: .fail)
                let live = try await manager.create(.stub())
                let stateBefore = try await manager.state(done.id).state

                clock.advance(by: .seconds(29))
                #expect(try await manager.runRetention(Self.policy, archive: archive).total == 0)
                clock.advance(by: .seconds(2))
                let dry = try await manager.runRetention(Self.policy, archive: archive, dryRun: true)
                #expect(dry.archived == ["completed": 1])
                #expect(try await manager.session(done.id).status == .completed)

                let report = try await manager.runRetention(Self.policy, archive: archive)
                #expect(report.archived == ["completed": 1])
                #expect(report.events == Int(try await manager.session(done.id).lastSeq))

                let archived = try await manager.session(done.id)
                #expect(archived.status == .archived)
                #expect(archived.finalMetrics != nil)
                #expect(try await manager.state(done.id).state == stateBefore)
                #expect(try await manager.events(done.id, afterSeq: 0).events.isEmpty)
                #expect(try await manager.verify(done.id).isIntact == false)
                #expect(FileManager.default.fileExists(atPath: archive.url(of: done.id).path))
                #expect(try await manager.session(failed.id).status == .failed)
                #expect(try await manager.session(live.id).status.isLive)

                #expect(try await manager.restore(done.id, from: archive) == archived.lastSeq)
                let restored = try await manager.events(done.id, afterSeq: 0, limit: 1000).events
                #expect(restored.first?.seq == 1)
                let verification = try await manager.verify(done.id)
                #expect(verification.isIntact, "\(verification)")
                #expect(try await manager.session(done.id).status == .archived)

                // Still past its period: the next run moves the restored events out again.
                #expect(try await manager.runRetention(Self.policy, archive: archive).total == 1)
            }
        }
    }

    @Test(arguments: StoreBackend.available)
    func heldSessionsSurviveRetentionAndErasure(_ backend: StoreBackend) async throws {
        try await withTemporaryDirectory { dir in
            let archive = DirectoryArchiveStore(directory: URL(fileURLWithPath: dir))
            try await backend.withEngine { manager, clock in
                let bySession = try await Self.endedSession(manager, events: 2, user: "a")
                let byUser = try await Self.endedSession(manager, events: 2, user: "b")
                let root = try await manager.create(.stub(user: "c"))
                let child = try await manager.create(.stub(user: "c"), parentID: root.id)
                _ = try await manager.transition(child.id, .end)
                _ = try await manager.transition(root.id, .end)
                let free = try await Self.endedSession(manager, events: 2, user: "d")
                let now = clock.now()
                try await manager.store.placeHold(LegalHold(scope: .session, target: bySession.id.lowercased, reason: "case 1", placedBy: "test", placedAt: now))
                try await manager.store.placeHold(LegalHold(scope: .user, target: "b", reason: "case 2", placedBy: "test", placedAt: now))
                try await manager.store.placeHold(LegalHold(scope: .tree, target: root.id.lowercased, reason: "case 3", placedBy: "test", placedAt: now))
                #expect(try await manager.store.holds().count == 3)

                clock.advance(by: .seconds(60))
                let report = try await manager.runRetention(Self.policy, archive: archive)
                #expect(report.archived == ["completed": 1])
                for held in [bySession, byUser, root, child] {
                    #expect(try await manager.session(held.id).status == .completed)
                }
                #expect(try await manager.session(free.id).status == .archived)
                await #expect(throws: SessionError.self) { try await manager.archive(child.id, into: archive) }

                let error = await #expect(throws: SessionError.self) { _ = try await manager.store.eraseUser("b") }
                #expect(error?.code == .legalHold)
                #expect(try await manager.session(byUser.id).userID == "b")

                #expect(try await manager.store.releaseHold(scope: .user, target: "b"))
                #expect(try await manager.store.releaseHold(scope: .user, target: "b") == false)
                #expect(try await manager.store.eraseUser("b").sessions == 1)
                #expect(try await manager.runRetention(Self.policy, archive: archive).archived == [:])
                #expect(try await manager.store.releaseHold(scope: .tree, target: root.id.lowercased))
                #expect(try await manager.runRetention(Self.policy, archive: archive).archived == ["completed": 2])
            }
        }
    }
}

extension RetentionConformanceTests {
    /// Two instances' runs at once (two engines on one store): every session archived once,
    /// none lost, and each archive restores to a chain that verifies.
    @Test(arguments: StoreBackend.available)
    func concurrentRunsArchiveEachSessionOnce(_ backend: StoreBackend) async throws {
        try await withTemporaryDirectory { dir in
            let archive = DirectoryArchiveStore(directory: URL(fileURLWithPath: dir))
            try await backend.withEngine { manager, clock in
                var ids: [UUID] = []
                for _ in 0..<20 { ids.append(try await Self.endedSession(manager, events: 30).id) }
                clock.advance(by: .seconds(60))
                let other = SessionManager(store: manager.store, clock: clock)
                async let first = manager.runRetention(Self.policy, archive: archive, batchSize: 7)
                async let second = other.runRetention(Self.policy, archive: archive, batchSize: 7)
                let reports = try await [first, second]
                #expect(reports.map(\.total).reduce(0, +) >= 20)
                for id in ids {
                    #expect(try await manager.session(id).status == .archived)
                    #expect(try await manager.events(id, afterSeq: 0).events.isEmpty)
                    _ = try await manager.restore(id, from: archive)
                    #expect(try await manager.verify(id).isIntact)
                }
            }
        }
    }
}

import Foundation
import GRDB
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite
import TestSupport
import Testing

@Suite struct SQLiteStoreTests {
    @Test func fullSynchronousIsAppliedAfterOpening() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/s.sqlite"
            let normal = try SQLiteSessionStore(path: path)
            #expect(try await normal.synchronousLevel() == 1)
            try await normal.close()
            let full = try SQLiteSessionStore(path: path, configuration: .init(synchronous: .full))
            #expect(try await full.synchronousLevel() == 2)
            try await full.close()
        }
    }

    @Test func migrationsAreRecordedOnceAcrossReopens() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/s.sqlite"
            for _ in 0..<3 { try await SQLiteSessionStore(path: path).close() }
            let db = try DatabaseQueue(path: path)
            #expect(try await db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schema_migrations") } == 7)
            let journal = try await db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            #expect(journal == "wal")
        }
    }

    @Test func verifyFindsTheFirstTamperedEvent() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/s.sqlite"
            let store = try SQLiteSessionStore(path: path)
            let manager = SessionManager(store: store)
            let s = try await manager.create(.stub())
            for i in 0..<10 { _ = try await manager.append(s.id, [NewEvent(type: "n", data: ["i": .int(Int64(i))])]) }
            #expect(try await manager.verify(s.id).isIntact)
            try await store.close()

            let db = try DatabaseQueue(path: path)
            try await db.write { try $0.execute(sql: "UPDATE session_events SET data = '{\"i\":99}' WHERE seq = 7") }
            try db.close()

            let reopened = try SQLiteSessionStore(path: path)
            let result = try await SessionManager(store: reopened).verify(s.id)
            #expect(result.firstBrokenSeq == 7)
            #expect(result.checked == 6)
            try await reopened.close()

            let db2 = try DatabaseQueue(path: path)
            try await db2.write { try $0.execute(sql: "DELETE FROM session_events WHERE seq = 9") }
            try db2.close()
            let again = try SQLiteSessionStore(path: path)
            #expect(try await SessionManager(store: again).verify(s.id).firstBrokenSeq == 7)
            try await again.close()
        }
    }

    @Test func groupCommitKeepsEveryWriterAndIsolatesFailures() async throws {
        try await withTemporaryEngine(storeConfiguration: .init(synchronous: .full)) { manager, _ in
            var ids: [UUID] = []
            for _ in 0..<16 { ids.append(try await manager.create(.stub()).id) }
            let sessions = ids
            let failures = try await withThrowingTaskGroup(of: Int.self) { group in
                for (n, id) in sessions.enumerated() {
                    group.addTask {
                        var failed = 0
                        for i in 0..<20 {
                            // Every third writer sends stale expected_seqs now and then: only those fail.
                            let expected: Int64? = (n % 3 == 0 && i % 5 == 0) ? 0 : nil
                            do {
                                _ = try await manager.append(id, [NewEvent(type: "w", data: ["i": .int(Int64(i))])], expectedSeq: expected)
                            } catch let error as SessionError where error.code == .sequenceConflict {
                                failed += 1
                            }
                        }
                        return failed
                    }
                }
                return try await group.reduce(0, +)
            }
            var stored = 0
            for id in sessions { stored += Int(try await manager.session(id).counters.events) }
            #expect(stored + failures == 16 * 20)
            #expect(failures == 6 * 4)
        }
    }
}

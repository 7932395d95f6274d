import Foundation
import GRDB
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite
import TestSupport
import Testing

/// The audit log's hash chain on every backend: concurrent writers still make one chain, and an
/// entry edited in the file breaks it.
@Suite struct AuditChainConformanceTests {
    @Test(arguments: StoreBackend.available)
    func concurrentWritersMakeOneChain(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        _ = try await manager.store.appendAudit(
                            AuditEntry(time: clock.now(), actor: "writer-\(n)", action: "hold.place", target: "user:u\(n)", details: ["n": .int(Int64(n))]))
                    }
                }
                try await group.waitForAll()
            }
            let entries = try await manager.store.audit(after: 0, limit: 100)
            #expect(entries.count == 20)
            #expect(entries.allSatisfy { $0.hash?.count == 64 })
            let result = try await manager.verifyAudit()
            #expect(result.isIntact, "\(result)")
            #expect(result.checked == 20)
            #expect(result.lastHash == entries.last?.hash)
        }
    }

    @Test func anEntryEditedInTheFileBreaksTheChain() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/s.sqlite"
            let store = try SQLiteSessionStore(path: path)
            try await store.withRunning {
                let manager = SessionManager(store: store)
                for n in 0..<3 {
                    _ = try await store.appendAudit(AuditEntry(time: Timestamp(milliseconds: 1_000 + Int64(n)), actor: "cli", action: "user.export", target: "user:u\(n)"))
                }
                #expect(try await manager.verifyAudit().isIntact)
                let db = try DatabaseQueue(path: path)
                try await db.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'nobody' WHERE id = 2") }
                try db.close()
                let result = try await manager.verifyAudit()
                #expect(result.firstBrokenID == 2)
            }
        }
    }
}

import Foundation
import GRDB
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite
import Synchronization
import TestSupport
import Testing

struct PersistenceAlertTests {
    @Test func failingWritesFireThePersistenceAlertUntilTheyStop() async throws {
        let clock = ManualClock()
        try await withTemporaryEngine(clock: clock) { manager, store in
            var rules = AlertEvaluator<ContinuousClock>.Configuration()
            rules.rules = [.persistenceFailures]
            let delivered = Mutex<[Alert]>([])
            let evaluator = AlertEvaluator(manager: manager, configuration: rules, feed: AlertFeed()) { alert in
                delivered.withLock { $0.append(alert) }
            }
            let session = try await manager.create(SessionSpec(application: "agent"))
            let before = try #require(try await manager.append(session.id, [NewEvent(type: "tool.call")]).events.first?.seq)
            #expect(try await evaluator.evaluate().isEmpty)

            // Another connection makes every event insert fail, as a full disk or a damaged file would.
            let other = try DatabaseQueue(path: store.path)
            try await other.write { try $0.execute(sql: "CREATE TRIGGER fail_events BEFORE INSERT ON session_events BEGIN SELECT RAISE(ABORT, 'write failed'); END") }
            for _ in 0..<2 {
                await #expect(throws: SessionStoreError.self) { try await manager.append(session.id, [NewEvent(type: "tool.call")]) }
            }
            let fired = try await evaluator.evaluate()
            #expect(fired.map(\.rule) == ["SessiondPersistenceFailures"])
            #expect(fired.first?.state == .firing)
            #expect(fired.first?.value == 2)

            // Writes work again; once the failures leave the rule's 5 minutes, the alert resolves.
            try await other.write { try $0.execute(sql: "DROP TRIGGER fail_events") }
            let appended = try await manager.append(session.id, [NewEvent(type: "tool.call")])
            #expect(appended.events.first?.seq == before + 1)  // nothing of the failed appends was stored
            clock.advance(by: .seconds(6 * 60))
            let resolved = try await evaluator.evaluate()
            #expect(resolved.map(\.state) == [.resolved])
            #expect(delivered.withLock { $0.map(\.state) } == [.firing, .resolved])
        }
    }
}

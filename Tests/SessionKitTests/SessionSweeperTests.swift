import Foundation
import InMemoryLogging
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import SessionCore
import SessionKit
import SessionStore
import TestSupport
import Testing

@Suite struct SessionSweeperTests {
    @Test func sweeperServiceSweepsAndStopsOnGracefulShutdown() async throws {
        let clock = ManualClock()
        try await withTemporaryEngine(clock: clock) { manager, _ in
            let session = try await manager.create(SessionSpec(application: "t", policy: SessionPolicy(idleAfter: .seconds(1))))
            clock.advance(by: .seconds(2))
            // An hour between passes: only graceful shutdown can end the wait in time.
            let sweeper = SessionSweeper(manager: manager, interval: .seconds(3600))
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await sweeper.run() }
                    while try await manager.session(session.id).status != .idle { await Task.yield() }
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }
            #expect(try await manager.session(session.id).status == .idle)
        }
    }

    @Test func transitionsAreLoggedWithTheSessionID() async throws {
        let logs = InMemoryLogHandler()
        try await withTemporaryEngine(logger: logs.logger()) { manager, _ in
            let session = try await manager.create(SessionSpec(application: "t"))
            _ = try await manager.end(session.id)
            let transitions = logs.entries.filter { $0.message == "session transitioned" }
            #expect(transitions.contains { $0.metadata["session.id"]?.description == session.id.lowercased && $0.metadata["session.state"]?.description == "completed" })
        }
    }
}

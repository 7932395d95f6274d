import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import SessionCore
import SessionKit
import SessionStore
import TestSupport
import Testing

@Suite struct RetentionServiceTests {
    @Test func serviceArchivesOnItsIntervalAndStopsOnGracefulShutdown() async throws {
        let wall = ManualClock()
        try await withTemporaryDirectory { dir in
            try await withTemporaryEngine(clock: wall) { manager, _ in
                let session = try await manager.create(SessionSpec(application: "t"))
                _ = try await manager.end(session.id)
                var policy = RetentionPolicy(periods: .init([.completed: .seconds(30)]))
                policy.interval = .seconds(3600)
                let archive = DirectoryArchiveStore(directory: URL(fileURLWithPath: dir))
                // Each wait moves the wall clock on: the first pass runs an hour after start, past the period.
                let service = RetentionService(manager: manager, policy: policy, archive: archive, clock: SteppingClock(driving: wall))
                try await testGracefulShutdown { trigger in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await service.run() }
                        while try await manager.session(session.id).status != .archived { await Task.yield() }
                        trigger.triggerGracefulShutdown()
                        try await group.waitForAll()
                    }
                }
                #expect(try await archive.get(session.id)?.verification.isIntact == true)
                #expect(try await manager.store.audit(after: 0, limit: 10).contains { $0.action == "retention.run" && $0.actor == "sessiond" })
            }
        }
    }
}

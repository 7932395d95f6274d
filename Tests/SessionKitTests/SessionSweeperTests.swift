import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite
import Synchronization
import Testing

final class SteppedClock: WallClock {
    private let current = Mutex(Timestamp(milliseconds: 1_790_000_000_000))
    func now() -> Timestamp { current.withLock { $0 } }
    func advance(by duration: Duration) { current.withLock { $0 = $0.adding(duration) } }
}

/// A `Clock` whose sleeps return at once after moving a ``SteppedClock`` on by the slept
/// duration: a service's loop runs on test time, with no real waiting.
struct SteppingClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    let wall: SteppedClock
    private let elapsed = Elapsed()

    init(driving wall: SteppedClock) {
        self.wall = wall
    }

    var now: Instant { Instant(offset: elapsed.value) }
    var minimumResolution: Duration { .milliseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let step = max(.zero, now.duration(to: deadline))
        elapsed.add(step)
        wall.advance(by: step)
        await Task.yield()
        try Task.checkCancellation()
    }

    final class Elapsed: Sendable {
        private let total = Mutex(Duration.zero)
        var value: Duration { total.withLock { $0 } }
        func add(_ duration: Duration) { total.withLock { $0 += duration } }
    }
}

@Suite struct SessionSweeperTests {
    func withManager(_ body: (SessionManager, SteppedClock) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-sweeper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteSessionStore(path: dir.appendingPathComponent("s.sqlite").path)
        let clock = SteppedClock()
        try await body(SessionManager(store: store, clock: clock), clock)
        try await store.close()
    }

    @Test func sweeperServiceSweepsAndStopsOnGracefulShutdown() async throws {
        try await withManager { manager, clock in
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
        try await withManager { manager, _ in
            let recorder = RecordingLogHandler.Store()
            let logger = Logger(label: "test") { _ in RecordingLogHandler(store: recorder) }
            let logged = SessionManager(store: manager.store, clock: SystemWallClock(), logger: logger)
            let session = try await logged.create(SessionSpec(application: "t"))
            _ = try await logged.end(session.id)
            let entries = recorder.entries
            #expect(entries.contains { $0.message == "session transitioned" && $0.metadata["session.id"] == "\(session.id.lowercased)" && $0.metadata["session.state"] == "completed" })
        }
    }
}

/// Keeps log entries in memory.
struct RecordingLogHandler: LogHandler {
    final class Store: Sendable {
        private let storage = Mutex<[(message: String, metadata: [String: String])]>([])
        var entries: [(message: String, metadata: [String: String])] { storage.withLock { $0 } }
        func append(_ entry: (message: String, metadata: [String: String])) { storage.withLock { $0.append(entry) } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var flat: [String: String] = [:]
        for (key, value) in event.metadata ?? [:] { flat[key] = "\(value)" }
        store.append((event.message.description, flat))
    }
}

import Foundation
import SessionCore
import SessionKit
import SessionStore
import SessionStorePostgres
import Synchronization
import Testing

/// What only the PostgreSQL backend has: URL configuration, migrations from several instances,
/// position order across concurrent transactions. The shared behaviour is in the conformance suite.
struct PostgresStoreTests {
    static var serverAvailable: Bool { StoreBackend.available.contains(.postgres) }

    @Test func urlConfigurationIsParsed() throws {
        let c = try PostgresSessionStore.Configuration(
            url: "postgres://svc%40corp:p%40ss%3Aword@db.example.com:6543/sessions?schema=tenant_1&sslmode=disable")
        #expect(c.host == "db.example.com")
        #expect(c.port == 6543)
        #expect(c.username == "svc@corp")
        #expect(c.password == "p@ss:word")
        #expect(c.database == "sessions")
        #expect(c.schema == "tenant_1")
        #expect(c.tls == .disable)
        #expect(c.maxConnections == 20)

        let d = try PostgresSessionStore.Configuration(url: "postgresql://db/app?sslmode=verify-full&max_connections=5")
        #expect(d.host == "db")
        #expect(d.port == 5432)
        #expect(d.username == "postgres")
        #expect(d.password == nil)
        #expect(d.database == "app")
        #expect(d.schema == nil)
        #expect(d.tls == .verifyFull)
        #expect(d.maxConnections == 5)

        let e = try PostgresSessionStore.Configuration(url: "postgres://u@127.0.0.1")
        #expect(e.database == nil)
        #expect(e.tls == .disable)
    }

    @Test(arguments: [
        "mysql://u:p@h/db", "postgres:///db", "not a url", "postgres://u:p@h/db?sslmode=sometimes",
        "postgres://u:p@h/db?schema=", "postgres://u:p@h/db?colour=blue", "postgres://u:p@h/db?max_connections=0",
    ])
    func invalidURLIsRejectedWithoutEchoingIt(_ url: String) throws {
        let error = try #require(throws: SessionError.self) { try PostgresSessionStore.Configuration(url: url) }
        #expect(error.code == .invalidArgument)
        #expect(!error.message.contains(":p@"))
    }

    @Test(.enabled(if: PostgresStoreTests.serverAvailable))
    func concurrentMigrationsApplyEachVersionOnce() async throws {
        try await PostgresTestDatabase.withFreshSchema { configuration in
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let store = PostgresSessionStore(configuration: configuration)
                        return try await store.withRunning {
                            try await store.migrate()  // a second time: nothing to do
                            return try await store.appliedMigrations()
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 6)
            for versions in results {
                #expect(!versions.isEmpty)
                #expect(versions == Array(1...versions.count))
                #expect(versions == results[0])
            }
            let store = PostgresSessionStore(configuration: configuration)
            let created = try await store.withRunning {
                try await store.create(parentID: nil) { _ in
                    try SessionChangeBuilder.create(
                        id: UUID.v7(at: .testNow), spec: SessionSpec(application: "t"), parent: nil, now: .testNow)
                }
            }
            #expect(created.events.count >= 1)
        }
    }

    @Test(.enabled(if: PostgresStoreTests.serverAvailable))
    func concurrentCreatesWithOneExternalIDLetOneWin() async throws {
        try await PostgresTestDatabase.withFreshSchema { configuration in
            let store = PostgresSessionStore(configuration: configuration)
            try await store.withRunning {
                let outcomes = try await withThrowingTaskGroup(of: SessionError.Code?.self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            do {
                                _ = try await store.create(parentID: nil) { _ in
                                    try SessionChangeBuilder.create(
                                        id: UUID.v7(at: .testNow), spec: SessionSpec(application: "t", externalID: "ext-1"),
                                        parent: nil, now: .testNow)
                                }
                                return nil
                            } catch let error as SessionError {
                                return error.code
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 == nil }.count == 1)
                #expect(outcomes.filter { $0 == .duplicateExternalID }.count == 7)
                #expect(try await store.session(application: "t", externalID: "ext-1") != nil)
            }
        }
    }

    @Test(.enabled(if: PostgresStoreTests.serverAvailable))
    func closedStoreRefusesCalls() async throws {
        try await PostgresTestDatabase.withFreshSchema { configuration in
            let store = PostgresSessionStore(configuration: configuration)
            try await store.withRunning {
                let id = try await store.create(parentID: nil) { _ in
                    try SessionChangeBuilder.create(
                        id: UUID.v7(at: .testNow), spec: SessionSpec(application: "t"), parent: nil, now: .testNow)
                }.session.id
                #expect(try await store.session(id) != nil)
                try await store.close()
                let error = await #expect(throws: SessionStoreError.self) { _ = try await store.session(id) }
                #expect(error?.code == .unavailable)
                await #expect(throws: SessionStoreError.self) {
                    _ = try await store.update(id, idempotencyKeys: []) { s, _ in SessionChange(session: s) }
                }
            }
        }
    }

    /// Two instances on one database: a commit of one wakes the other's listener (LISTEN/NOTIFY),
    /// so its live streams need not wait for their poll. Each commit wakes it once, after the
    /// commit: what woke it is there to read.
    @Test(.enabled(if: PostgresStoreTests.serverAvailable), .timeLimit(.minutes(1)))
    func commitsOfOneInstanceWakeTheOthersListener() async throws {
        try await PostgresTestDatabase.withFreshSchema { configuration in
            let listener = PostgresSessionStore(configuration: configuration)
            let writer = PostgresSessionStore(configuration: configuration)
            try await listener.withRunning {
                try await writer.withRunning {
                    let (wakes, wake) = AsyncStream.makeStream(of: Void.self)
                    var iterator = wakes.makeAsyncIterator()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await listener.watchChanges { wake.yield() } }
                        let listening = await iterator.next() != nil  // the catch-up call
                        #expect(listening)
                        let manager = SessionManager(store: writer)

                        var position = try await listener.latestPosition()
                        let session = try await manager.create(SessionSpec(application: "t"))
                        let wokeByCreate = await iterator.next() != nil
                        #expect(wokeByCreate)
                        let created = try await listener.events(afterPosition: position, matching: EventFilter(), limit: 100)
                        #expect(!created.isEmpty)
                        #expect(created.map(\.id) == (try await manager.events(session.id).events).map(\.id), "the listener reads the create's events")

                        position = try await listener.latestPosition()
                        let appended = try await manager.append(session.id, [NewEvent(type: "a")])
                        let wokeByAppend = await iterator.next() != nil
                        #expect(wokeByAppend)
                        let seen = try await listener.events(afterPosition: position, matching: EventFilter(), limit: 100)
                        #expect(seen.map(\.id) == appended.events.map(\.id), "the listener reads the appended event")
                        #expect(seen.map(\.type) == ["a"])

                        group.cancelAll()
                        try await group.waitForAll()
                    }
                    // The listener has stopped: whatever it was woken for is in the stream by now.
                    wake.finish()
                    var extra = 0
                    while await iterator.next() != nil { extra += 1 }
                    #expect(extra == 0, "one wake per commit, none without one")
                }
            }
        }
    }

    /// Many writers append to different sessions at once while a reader polls by position, as a
    /// subscription does. If a transaction holding a lower position committed after one holding a
    /// higher position, the reader would already be past it and never see it.
    @Test(.enabled(if: PostgresStoreTests.serverAvailable))
    func positionsBecomeVisibleInCommitOrder() async throws {
        let writers = 24
        let appendsPerWriter = 30
        try await PostgresTestDatabase.withFreshSchema { configuration in
            let store = PostgresSessionStore(configuration: configuration)
            try await store.withRunning {
                var sessionIDs: [UUID] = []
                var start: Int64 = 0
                for _ in 0..<writers {
                    let change = try await store.create(parentID: nil) { _ in
                        try SessionChangeBuilder.create(
                            id: UUID.v7(at: .testNow), spec: SessionSpec(application: "t"), parent: nil, now: .testNow)
                    }
                    sessionIDs.append(change.session.id)
                    start = max(start, change.events.map(\.position).max() ?? 0)
                }
                let writes = Writes()
                let firstPosition = start
                async let polled = Self.poll(store, after: firstPosition, until: writes)
                let written: [Int64]
                do {
                    written = try await withThrowingTaskGroup(of: [Int64].self) { group in
                        for id in sessionIDs {
                            group.addTask {
                                var positions: [Int64] = []
                                for n in 0..<appendsPerWriter {
                                    let change = try await store.update(id, idempotencyKeys: []) { s, existing in
                                        var b = SessionChangeBuilder(session: s, now: .testNow)
                                        let batch = (0...(n % 3)).map { i in
                                            NewEvent(type: "note", data: ["n": .int(Int64(n)), "i": .int(Int64(i))])
                                        }
                                        try b.append(batch, expectedSeq: nil, existing: existing)
                                        return b.build()
                                    }
                                    positions.append(contentsOf: change.events.map(\.position))
                                    writes.committed()
                                }
                                return positions
                            }
                        }
                        return try await group.reduce(into: []) { $0.append(contentsOf: $1) }
                    }
                } catch {
                    writes.finish()
                    _ = try? await polled
                    throw error
                }
                writes.finish()
                let seen = try await polled
                #expect(written.count == writers * (0..<appendsPerWriter).reduce(0) { $0 + $1 % 3 + 1 })
                #expect(Set(written).count == written.count, "positions are unique")
                #expect(written.allSatisfy { $0 > firstPosition })
                #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 < $1 }, "the reader saw positions in increasing order")
                #expect(seen == written.sorted(), "the reader saw every event")
            }
        }
    }

    /// Reads events by position until the writers are done and a read after that finds nothing
    /// new; after a read that finds nothing, waits for the next commit, as a subscription waits
    /// for its change signal.
    private static func poll(_ store: PostgresSessionStore, after start: Int64, until writes: Writes) async throws -> [Int64] {
        var last = start
        var seen: [Int64] = []
        var commits = writes.commits.makeAsyncIterator()
        while true {
            let finished = writes.isFinished  // read before the query: every write has committed by then
            let batch = try await store.events(afterPosition: last, limit: 1000)
            for event in batch {
                seen.append(event.position)
                last = max(last, event.position)
            }
            if batch.isEmpty {
                if finished { return seen }
                _ = await commits.next()
            }
        }
    }
}

/// The writers' progress, for the reader: a signal after each commit (several in a row count
/// as one), and whether all of them are done.
private final class Writes: Sendable {
    let commits: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation
    private let finished = Atomic<Bool>(false)

    init() {
        (commits, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    var isFinished: Bool { finished.load(ordering: .acquiring) }

    func committed() { signal.yield() }

    /// Every write has committed (or one failed): wakes the reader for its last read.
    func finish() {
        finished.store(true, ordering: .releasing)
        signal.yield()
    }
}

extension Timestamp {
    fileprivate static var testNow: Timestamp { Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }
}

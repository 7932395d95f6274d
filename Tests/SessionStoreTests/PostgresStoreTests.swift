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
    /// so its live streams need not wait for their poll.
    @Test(.enabled(if: PostgresStoreTests.serverAvailable), .timeLimit(.minutes(1)))
    func commitsOfOneInstanceWakeTheOthersListener() async throws {
        try await PostgresTestDatabase.withFreshSchema { configuration in
            let listener = PostgresSessionStore(configuration: configuration)
            let writer = PostgresSessionStore(configuration: configuration)
            try await listener.withRunning {
                try await writer.withRunning {
                    let (wakes, wake) = AsyncStream.makeStream(of: Void.self)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await listener.watchChanges { wake.yield() } }
                        var iterator = wakes.makeAsyncIterator()
                        await iterator.next()  // listening: the catch-up call
                        let manager = SessionManager(store: writer)
                        let session = try await manager.create(SessionSpec(application: "t"))
                        await iterator.next()  // the create's events
                        _ = try await manager.append(session.id, [NewEvent(type: "a")])
                        await iterator.next()
                        group.cancelAll()
                    }
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
                let done = Flag()
                let firstPosition = start
                async let polled = Self.poll(store, after: firstPosition, until: done)
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
                                }
                                return positions
                            }
                        }
                        return try await group.reduce(into: []) { $0.append(contentsOf: $1) }
                    }
                } catch {
                    done.set()
                    _ = try? await polled
                    throw error
                }
                done.set()
                let seen = try await polled
                #expect(written.count == writers * (0..<appendsPerWriter).reduce(0) { $0 + $1 % 3 + 1 })
                #expect(Set(written).count == written.count, "positions are unique")
                #expect(written.allSatisfy { $0 > firstPosition })
                #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 < $1 }, "the reader saw positions in increasing order")
                #expect(seen == written.sorted(), "the reader saw every event")
            }
        }
    }

    /// Reads events by position until `done` is set and a read after that finds nothing new.
    private static func poll(_ store: PostgresSessionStore, after start: Int64, until done: Flag) async throws -> [Int64] {
        var last = start
        var seen: [Int64] = []
        while true {
            let finished = done.isSet  // read before the query: every write has committed by then
            let batch = try await store.events(afterPosition: last, limit: 1000)
            for event in batch {
                seen.append(event.position)
                last = max(last, event.position)
            }
            if batch.isEmpty {
                if finished { return seen }
                try await Task.sleep(for: .milliseconds(1))
            }
        }
    }
}

private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

extension Timestamp {
    fileprivate static var testNow: Timestamp { Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }
}

import Foundation
import SessionClient
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite
import Synchronization
import TestSupport
import Testing

/// ``SessionClient/events(matching:after:)`` and ``SessionClient/stats(userID:)`` against the real server.
@Suite(.timeLimit(.minutes(1))) struct EventStreamTests {
    /// The next `count` events of `iterator`.
    static func take(_ count: Int, from iterator: inout SessionEventStream.Iterator) async throws -> [SessionEvent] {
        var out: [SessionEvent] = []
        while out.count < count, let event = try await iterator.next() { out.append(event) }
        return out
    }

    static func steps(_ range: Range<Int>) -> [NewEvent] {
        range.map { NewEvent(type: "step", data: ["n": .int(Int64($0))]) }
    }

    /// A session with `count` steps, and a stream of its events that has delivered the stored ones.
    static func streamedSession(_ client: SessionClient, _ server: LiveServer, steps count: Int) async throws
        -> (id: UUID, iterator: SessionEventStream.Iterator, delivered: [SessionEvent])
    {
        let session = try await client.create(SessionSpec(application: "tool"))
        _ = try await client.append(session.id, steps(0..<count))
        var iterator = client.events(matching: EventFilter(sessionID: session.id)).makeAsyncIterator()
        let stored = try await server.manager.events(session.id, limit: 1000).events
        let delivered = try await take(stored.count, from: &iterator)
        #expect(delivered == stored)
        return (session.id, iterator, delivered)
    }

    @Test func storedThenLiveEventsArriveInOrderOnce() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            var (id, iterator, first) = try await Self.streamedSession(client, server, steps: 3)
            _ = try await client.append(id, Self.steps(3..<6))  // while the stream is open
            let live = try await Self.take(3, from: &iterator)
            let all = try await server.manager.events(id, limit: 1000).events
            #expect(first + live == all)
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.position < $1.position })
        }
    }

    /// The server stops mid-stream; events are written to its file while it is down, and more
    /// once it is back on the same port: the stream reconnects with `Last-Event-ID` and
    /// delivers every one, in order, none twice.
    @Test func resumesAfterTheServerRestartsWithoutGapOrDuplicate() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = folder.path("sessions.sqlite")
        var server = try await LiveServer.start(path: database)
        let port = server.port
        let waits = Mutex(0)
        // A wait between tries ends once the server is up: the retry loop runs on no timer.
        let serverUp = Mutex(true)
        let client = server.client { configuration in
            configuration.retry = .init(maxAttempts: 1000, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50))
            configuration.sleep = { _ in
                waits.withLock { $0 += 1 }
                _ = await eventually(timeout: .seconds(30)) { serverUp.withLock { $0 } }
            }
        }
        let (id, iterator, first) = try await Self.streamedSession(client, server, steps: 5)

        try await server.stop()
        serverUp.withLock { $0 = false }
        // Written while no server runs (as the CLI does on the same file).
        let offline = try SQLiteSessionStore(path: database)
        _ = try await SessionManager(store: offline).append(id, Self.steps(5..<8))
        try await offline.close()
        let consumer = Task { [iterator] in
            var iterator = iterator
            return try await Self.take(5, from: &iterator)
        }
        // The consumer tries the stopped server and waits before it comes back.
        let retried = waits.withLock { $0 }
        #expect(await eventually { waits.withLock { $0 } >= retried + 1 })
        server = try await LiveServer.start(path: database, port: port)
        serverUp.withLock { $0 = true }
        _ = try await server.manager.append(id, Self.steps(8..<10))
        let after = try await consumer.value

        let all = try await server.manager.events(id, limit: 1000).events
        #expect(first + after == all)
        #expect(all.filter { $0.type == "step" }.map { $0.data["n"] } == (0..<10).map { .int(Int64($0)) })
        #expect(waits.withLock { $0 } > retried)
        try await server.stop()
        try await client.shutdown()
    }

    @Test func onlyMatchingEventsArrive() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            let a = try await client.create(SessionSpec(application: "a", userID: "alice"))
            let b = try await client.create(SessionSpec(application: "b", userID: "bob"))
            for id in [a.id, b.id] { _ = try await client.append(id, [NewEvent(type: "x"), NewEvent(type: "y")]) }
            _ = try await client.append(b.id, NewEvent(type: "end"))
            _ = try await client.append(a.id, NewEvent(type: "end"))

            var byApplication = client.events(matching: EventFilter(application: "a", types: ["y", "end"])).makeAsyncIterator()
            let seen = try await Self.take(2, from: &byApplication)
            #expect(seen.map(\.type) == ["y", "end"])
            #expect(seen.allSatisfy { $0.sessionID == a.id })

            var byUser = client.events(matching: EventFilter(userID: "bob", types: ["end"])).makeAsyncIterator()
            #expect(try await byUser.next()?.sessionID == b.id)

            // After a position: only later events.
            let y = try #require(seen.first)
            var later = client.events(matching: EventFilter(sessionID: a.id), after: y.position).makeAsyncIterator()
            #expect(try await later.next()?.type == "end")
        }
    }

    @Test func cancellingTheConsumerEndsTheStream() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            let session = try await client.create(SessionSpec(application: "tool"))
            let (seen, signal) = AsyncStream<Void>.makeStream()
            let consumer = Task {
                var count = 0
                for try await _ in client.events(matching: EventFilter(sessionID: session.id)) {
                    count += 1
                    signal.yield()
                }
                return count
            }
            var iterator = seen.makeAsyncIterator()
            await iterator.next()
            consumer.cancel()
            #expect(try await consumer.value >= 1)
        }
    }

    @Test func aRefusedStreamThrowsAtOnce() async throws {
        try await LiveServer.with { server in
            let (_, token) = APIToken.generate(id: "t", name: "t", role: .reader, userID: nil, now: Timestamp(milliseconds: 1))
            try await server.store.createToken(token)
            let recorder = RecordingSleep()
            let client = server.client { $0.sleep = recorder.sleep }
            defer { Task { try? await client.shutdown() } }
            var iterator = client.events().makeAsyncIterator()
            let error = await #expect(throws: SessionClientError.self) { _ = try await iterator.next() }
            #expect(error?.code.rawValue == "unauthorized")
            #expect(error?.status == 401)
            #expect(recorder.recorded.isEmpty)
        }
    }

    @Test func statsMatchTheServersNumbers() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            var ids: [UUID] = []
            for _ in 0..<3 { ids.append(try await client.create(SessionSpec(application: "a", userID: "alice")).id) }
            let bobs = try await client.create(SessionSpec(application: "b", userID: "bob"))
            try await client.end(ids[0])
            try await client.fail(ids[1])
            try await client.terminate(bobs.id)

            let all = try await client.stats()
            #expect(all == (try await server.store.stats(userID: nil, durationSample: 10_000)).summary)
            #expect(all.byStatus == [.completed: 1, .failed: 1, .terminated: 1, .active: 1])
            #expect(all.live == 1)
            #expect(all.byOutcome == [.ok: 1, .errored: 1, .abandoned: 1])
            #expect(all.durationSample == 3)
            let alice = try await client.stats(userID: "alice")
            #expect(alice == (try await server.store.stats(userID: "alice", durationSample: 10_000)).summary)
            #expect(alice.liveByApplication == ["a": 1])
            #expect(alice.outcomeRate(.ok) == 0.5)
        }
    }
}

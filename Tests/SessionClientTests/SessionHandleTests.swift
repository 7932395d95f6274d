import Foundation
import SessionClient
import SessionCore
import SessionKit
import SessionOfflineBuffer
import Synchronization
import TestSupport
import Testing

/// ``SessionHandle``: start, heartbeats, record, offline buffer, end.
@Suite struct SessionHandleTests {
    @Test func withSessionRecordsInOrderAndEnds() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            let (id, count) = try await SessionHandle.withSession(client: client, spec: SessionSpec(application: "tool", context: ["cwd": "/w"])) { handle in
                let start = try #require(await handle.session).lastSeq
                for n in 0..<5 {
                    let stored = try await handle.record(NewEvent(type: "step", data: ["n": .int(Int64(n))]))
                    #expect(stored?.seq == start + Int64(n) + 1)
                    #expect(stored?.idempotencyKey.flatMap(UUID.init(uuidString:)) != nil)
                }
                return (try #require(await handle.id), try await handle.pendingCount())
            }
            #expect(count == 0)
            let session = try await server.manager.session(id)
            #expect(session.status == .completed)
            #expect(session.outcome == .ok)
            #expect(session.context == ["cwd": "/w"])
            let steps = try await server.manager.events(id, types: ["step"]).events
            #expect(steps.map { $0.data["n"] } == (0..<5).map { .int(Int64($0)) })
        }
    }

    @Test func heartbeatsRunAtThePolicyIntervalUntilTheEnd() async throws {
        try await LiveServer.with { server in
            // The first wait returns at once; the second announces itself and blocks until cancelled.
            let (started, announce) = AsyncStream<Duration>.makeStream()
            let calls = Mutex(0)
            let client = server.client { configuration in
                configuration.sleep = { duration in
                    let n = calls.withLock { calls in
                        calls += 1
                        return calls
                    }
                    if n >= 2 {
                        announce.yield(duration)
                        try await untilCancelled()
                    }
                }
            }
            defer { Task { try? await client.shutdown() } }
            var spec = SessionSpec(application: "tool")
            spec.policy.heartbeatInterval = .seconds(7)
            let id = try await SessionHandle.withSession(client: client, spec: spec) { handle in
                var waits = started.makeAsyncIterator()
                #expect(await waits.next() == .seconds(7))  // one heartbeat went out, the loop waits again
                let id = try #require(await handle.id)
                #expect(try await server.manager.session(id).lastHeartbeatAt != nil)
                return id
            }
            #expect(try await server.manager.session(id).status == .completed)
            #expect(calls.withLock { $0 } == 2)
        }
    }

    @Test func recordingWithoutBufferThrowsWhenTheServerIsAway() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let server = try await LiveServer.start(path: folder.path("s.sqlite"))
        let client = server.client { $0.retry.maxAttempts = 2 }
        let handle = SessionHandle(client: client)
        try await handle.start(spec: SessionSpec(application: "tool"))
        try await server.stop()
        let error = await #expect(throws: SessionClientError.self) { try await handle.record(NewEvent(type: "x")) }
        #expect(error?.code == .unreachable)
        try await client.shutdown()
    }

    @Test func invalidEventsAreThrownNotBuffered() async throws {
        try await LiveServer.with { server in
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            let handle = SessionHandle(client: client, buffer: try OfflineBuffer(path: folder.path("buffer.sqlite")))
            try await handle.start(spec: SessionSpec(application: "tool"))
            let error = await #expect(throws: SessionClientError.self) { try await handle.record(NewEvent(type: "session.fake")) }
            #expect(error?.status == 422)
            #expect(try await handle.pendingCount() == 0)
            try await handle.end()
        }
    }

    /// The server stops mid-stream and comes back on the same port and file: every event is
    /// stored exactly once, in the order it was recorded.
    @Test func eventsRecordedWhileTheServerIsDownArriveOnceAndInOrder() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = folder.path("sessions.sqlite")
        var server = try await LiveServer.start(path: database)
        let port = server.port
        let client = server.client()
        let buffer = try OfflineBuffer(path: folder.path("buffer.sqlite"))
        let handle = SessionHandle(client: client, buffer: buffer)
        let session = try await handle.start(spec: SessionSpec(application: "tool"))
        var n = 0
        func record() async throws -> SessionEvent? {
            defer { n += 1 }
            return try await handle.record(NewEvent(type: "step", data: ["n": .int(Int64(n))], stateDelta: ["last": .int(Int64(n))]))
        }

        for _ in 0..<5 { #expect(try await record() != nil) }
        try await server.stop()
        for _ in 0..<5 { #expect(try await record() == nil) }  // buffered, never thrown
        #expect(try await handle.pendingCount() == 5)
        #expect(try await buffer.count() == 5)
        #expect(try await handle.flush() == false)

        server = try await LiveServer.start(path: database, port: port)
        #expect(server.port == port)
        for _ in 0..<5 { _ = try await record() }  // the first flushes the buffer, then goes behind it
        #expect(try await handle.pendingCount() == 0)
        let ended = try await handle.end(reason: "done")
        #expect(ended.status == .completed)

        let steps = try await server.manager.events(session.id, limit: 1000, types: ["step"]).events
        #expect(steps.map { $0.data["n"] } == (0..<15).map { .int(Int64($0)) })
        #expect(Set(steps.compactMap(\.idempotencyKey)).count == 15)
        #expect(try await server.manager.state(session.id).state == ["last": 14])
        #expect(try await server.manager.verify(session.id).isIntact)
        try await server.stop()
        try await client.shutdown()
    }

    /// A replay of events the server already stored (acknowledgement lost) stores nothing twice.
    @Test func replayingAnAlreadyStoredBufferDoesNotDouble() async throws {
        try await LiveServer.with { server in
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            let session = try await client.create(SessionSpec(application: "tool"))
            let buffer = try OfflineBuffer(path: folder.path("buffer.sqlite"))
            let events = (0..<3).map { NewEvent(type: "step", data: ["n": .int(Int64($0))], idempotencyKey: "key-\($0)") }
            _ = try await client.append(session.id, Array(events.prefix(2)))  // stored, but as if the answer was lost
            for event in events { try await buffer.add(event, to: session.id) }
            // A later process attaches to the session and delivers what was left.
            let handle = SessionHandle(client: client, sessionID: session.id, buffer: buffer)
            #expect(try await handle.flush())
            #expect(try await buffer.count(session.id) == 0)
            let stored = try await server.manager.events(session.id, types: ["step"]).events
            #expect(stored.map(\.idempotencyKey) == ["key-0", "key-1", "key-2"])
        }
    }

    @Test func bufferKeepsOrderAcrossSessionsAndBatches() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let buffer = try OfflineBuffer(path: folder.path("b.sqlite"))
        let a = UUID.v7(at: Timestamp(milliseconds: 1)), b = UUID.v7(at: Timestamp(milliseconds: 2))
        for n in 0..<1200 { try await buffer.add(NewEvent(type: "s", data: ["n": .int(Int64(n))], idempotencyKey: "a\(n)"), to: a) }
        try await buffer.add(NewEvent(type: "s", idempotencyKey: "b0"), to: b)
        try await buffer.add(NewEvent(type: "s", idempotencyKey: "a0"), to: a)  // same key: not added twice
        #expect(try await buffer.count(a) == 1200)
        #expect(try await buffer.count() == 1201)
        #expect(try await buffer.sessionIDs() == [a, b])
        let first = try await buffer.pending(a)
        #expect(first.count == 1000)
        #expect(first.map { $0.event.data["n"] } == (0..<1000).map { .int(Int64($0)) })
        try await buffer.remove(first.map(\.id))
        #expect(try await buffer.pending(a).map(\.event.idempotencyKey) == (1000..<1200).map { "a\($0)" })
        await #expect(throws: SessionError.self) { try await buffer.add(NewEvent(type: "s"), to: a) }
    }
}

import Foundation
import SessionCore
import SessionKit
import SessionStoreSQLite
import TestSupport
import Testing

/// The readers in `Session+Decoding.swift` invert the writers the API uses.
@Suite struct DecodingTests {
    @Test func newEventRoundTrips() throws {
        let event = NewEvent(
            type: "tool.call", data: ["tool": "grep", "n": 3], stateDelta: ["files": ["a": 1]], source: "agent",
            idempotencyKey: "k1", correlationID: "c", causationID: "d", traceID: "t", spanID: "s")
        #expect(try NewEvent(json: event.json) == event)
        let bare = NewEvent(type: "note")
        #expect(try NewEvent(json: bare.json) == bare)
    }

    @Test func createRequestRoundTrips() throws {
        var spec = SessionSpec(application: "app", userID: "u", externalID: "x", projectKey: "p", context: ["cwd": "/tmp"], labels: ["k": "v"], metadata: ["m": true], start: false)
        spec.policy.heartbeatInterval = .seconds(10)
        spec.policy.maxDuration = .seconds(3600)
        let request = CreateSessionRequest(spec: spec, parentID: UUID.v7(at: Timestamp(milliseconds: 1_790_000_000_000)))
        #expect(try CreateSessionRequest(json: request.json) == request)
    }

    @Test func storedSessionsAndEventsRoundTrip() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try SQLiteSessionStore(path: folder.path("s.sqlite"))
        let manager = SessionManager(store: store)
        var spec = SessionSpec(application: "app", userID: "u", context: ["cwd": "/w"], labels: ["team": "a"], metadata: ["m": 1])
        spec.policy.heartbeatInterval = .seconds(5)
        let root = try await manager.create(spec)
        let child = try await manager.create(SessionSpec(context: ["child": true]), parentID: root.id)
        let appended = try await manager.append(
            child.id, [NewEvent(type: "tool.call", data: ["tokens": 5], stateDelta: ["a": 1], idempotencyKey: "k")])
        _ = try await manager.heartbeat(child.id)
        let ended = try await manager.end(child.id, reason: "done")
        for session in [root, try await manager.session(child.id), ended] {
            let decoded = try Session(json: session.json())
            #expect(decoded.json() == session.json())
            #expect(decoded.id == session.id)
            #expect(decoded.status == session.status)
            #expect(decoded.counters == session.counters)
            #expect(decoded.finalMetrics == session.finalMetrics)
            #expect(decoded.policy == session.policy)
            #expect(try Session(json: session.json(full: false)).json(full: false) == session.json(full: false))
        }
        for event in appended.events + (try await manager.events(child.id).events) {
            #expect(try SessionEvent(json: event.json) == event)
        }
        let tree = try await manager.tree(root.id)
        #expect(try TreeMetrics(json: tree.metrics.json) == tree.metrics)
        try await store.close()
    }

    /// The answers server and client share (SessionCore's `API/`) read back to the same JSON.
    @Test func apiAnswersRoundTrip() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try SQLiteSessionStore(path: folder.path("s.sqlite"))
        let manager = SessionManager(store: store)
        let root = try await manager.create(SessionSpec(application: "app", userID: "u", context: ["cwd": "/w"]))
        let child = try await manager.create(SessionSpec(labels: ["k": "v"]), parentID: root.id)
        let appended = try await manager.append(root.id, (0..<3).map { NewEvent(type: "step", data: ["n": .int(Int64($0))], stateDelta: ["n": .int(Int64($0))]) })
        _ = try await manager.fail(child.id, reason: "boom")

        let tree = try await manager.tree(root.id)
        #expect(try SessionTree(json: tree.json).json == tree.json)
        #expect(try SessionTree(json: tree.json).descendants.map(\.id) == [child.id])
        let recovery = try await manager.recover(root.id)
        #expect(try SessionRecovery(json: recovery.json).json == recovery.json)
        #expect(try SessionRecovery(json: recovery.json).recentEvents == recovery.recentEvents)
        let events = try await manager.events(root.id, limit: 2).events
        let page = SessionEventPage(events: events, limit: 2)
        #expect(page.nextAfterSeq == events.last?.seq)
        #expect(SessionEventPage(events: events, limit: 3).nextAfterSeq == nil)
        #expect(try SessionEventPage(json: page.json) == page)
        let sessions = try await manager.sessions(SessionQuery(limit: 1))
        #expect(sessions.nextCursor != nil)
        #expect(try SessionPage(json: sessions.json).json == sessions.json)
        let result = SessionAppendResult(events: appended.events, lastSeq: appended.lastSeq, replayed: 1)
        #expect(try SessionAppendResult(json: result.json) == result)

        var stats = try await store.stats(userID: nil, durationSample: 100)
        stats.recentDurationsMs = [5, 1, 1000, 333]
        let summary = try SessionStatsSummary(json: stats.json)
        #expect(summary == stats.summary)
        #expect(summary.json == stats.json)
        #expect(summary.live == 1)
        #expect(summary.byStatus[.failed] == 1)
        #expect(summary.outcomeRate(.errored) == 1)
        #expect(summary.durationSample == 4)
        #expect(summary.durationP50Ms == 5)
        #expect(summary.durationMeanMs == 334.75)
        #expect(try SessionStatsSummary(json: SessionStatsSummary().json) == SessionStatsSummary())
        try await store.close()
    }

    @Test func malformedSessionIsRejected() {
        #expect(throws: SessionError.self) { try Session(json: ["id": "nope", "status": "active"]) }
        #expect(throws: SessionError.self) { try SessionEvent(json: ["id": .string(UUID().uuidString)]) }
    }
}

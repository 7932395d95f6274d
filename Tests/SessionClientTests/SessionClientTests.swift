import Foundation
import SessionClient
import SessionCore
import SessionKit
import Testing

/// Every route through ``SessionClient`` against the real server on loopback.
@Suite struct SessionClientRouteTests {
    @Test func createReadAndListSessions() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            var spec = SessionSpec(application: "tool", userID: "alice", externalID: "ext-1", context: ["cwd": "/work"], labels: ["team": "a"])
            spec.policy.heartbeatInterval = .seconds(30)
            let root = try await client.create(spec)
            #expect(root.status == .active)
            #expect(root.application == "tool")
            #expect(root.userID == "alice")
            #expect(root.context == ["cwd": "/work"])
            #expect(root.policy.heartbeatInterval == .seconds(30))
            let child = try await client.create(SessionSpec(context: ["branch": "main"], start: false), parentID: root.id)
            #expect(child.parentID == root.id)
            #expect(child.depth == 1)
            #expect(child.status == .initializing)

            let shown = try await client.session(child.id)
            #expect(shown.effectiveContext == ["cwd": "/work", "branch": "main"])
            #expect(shown == (try await server.manager.session(child.id)).withoutEngineBookkeeping)

            let byLabel = try await client.sessions(SessionQuery(labels: ["team": "a"]))
            #expect(byLabel.sessions.map(\.id) == [root.id])
            #expect(byLabel.nextCursor == nil)
            let children = try await client.sessions(SessionQuery(statuses: [.initializing], parentID: root.id))
            #expect(children.sessions.map(\.id) == [child.id])
            let tree = try await client.sessions(SessionQuery(rootID: root.id))
            #expect(Set(tree.sessions.map(\.id)) == [root.id, child.id])
            let paged = try await client.sessions(SessionQuery(limit: 1))
            #expect(paged.sessions.count == 1)
            #expect(paged.nextCursor != nil)
            let next = try await client.sessions(SessionQuery(limit: 1, cursor: paged.nextCursor))
            try #require(next.sessions.count == 1)
            #expect(next.sessions[0].id != paged.sessions[0].id)
            let recent = try await client.sessions(SessionQuery(createdFrom: root.createdAt, activeUntil: Timestamp(milliseconds: Int64.max / 2)))
            #expect(recent.sessions.count == 2)
        }
    }

    @Test func appendReadEventsAndState() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            let session = try await client.create(SessionSpec(application: "tool"))
            let s0 = session.lastSeq
            let first = try await client.append(session.id, NewEvent(type: "tool.call", data: ["n": 1], stateDelta: ["step": 1]), expectedSeq: s0, idempotencyKey: "once")
            #expect(first.events.map(\.seq) == [s0 + 1])
            #expect(first.replayed == 0)
            #expect(first.lastSeq == s0 + 1)
            #expect(first.events[0].idempotencyKey == "once")
            let again = try await client.append(session.id, NewEvent(type: "tool.call", data: ["n": 1], stateDelta: ["step": 1]), idempotencyKey: "once")
            #expect(again.replayed == 1)
            #expect(again.events == first.events)

            let batch = try await client.append(
                session.id, (2...4).map { NewEvent(type: "note", data: ["n": .int(Int64($0))], stateDelta: ["step": .int(Int64($0))]) },
                expectedSeq: s0 + 1, idempotencyKey: "b")
            #expect(batch.events.map(\.seq) == [s0 + 2, s0 + 3, s0 + 4])
            #expect(batch.events.map(\.idempotencyKey) == ["b:0", "b:1", "b:2"])

            let page = try await client.events(session.id, afterSeq: s0 + 1, limit: 2)
            #expect(page.events.map(\.seq) == [s0 + 2, s0 + 3])
            #expect(page.nextAfterSeq == s0 + 3)
            let notes = try await client.events(session.id, types: ["note"])
            #expect(notes.events.count == 3)
            #expect(notes.nextAfterSeq == nil)
            #expect(try await client.events(session.id).events == (try await server.manager.events(session.id).events))

            let now = try await client.state(session.id)
            #expect(now.seq == s0 + 4)
            #expect(now.state == ["step": 4])
            let then = try await client.state(session.id, atSeq: s0 + 2)
            #expect(then.seq == s0 + 2)
            #expect(then.state == ["step": 2])
        }
    }

    @Test func lifecycleTreeMetricsUndoRedoRecoverAndHealth() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            let root = try await client.create(SessionSpec(application: "tool", start: false))
            #expect(try await client.start(root.id).status == .active)
            let beat = try await client.heartbeat(root.id)
            #expect(beat.lastHeartbeatAt != nil)
            #expect(try await client.suspend(root.id, reason: "detach").status == .suspended)
            #expect(try await client.resume(root.id).status == .active)

            _ = try await client.append(root.id, NewEvent(type: "edit", stateDelta: ["file": "a"]))
            let undone = try await client.undo(root.id)
            #expect(undone.seq > 1)
            #expect(try await client.state(root.id).state == [:])
            let redone = try await client.redo(root.id)
            #expect(redone.seq == undone.seq + 1)
            #expect(try await client.state(root.id).state == ["file": "a"])

            let recovery = try await client.recover(root.id)
            #expect(recovery.session.id == root.id)
            #expect(recovery.state == ["file": "a"])
            #expect(!recovery.recentEvents.isEmpty)

            let child = try await client.create(SessionSpec(), parentID: root.id)
            let other = try await client.create(SessionSpec(), parentID: root.id)
            let tree = try await client.tree(root.id)
            #expect(tree.root.id == root.id)
            #expect(Set(tree.descendants.map(\.id)) == [child.id, other.id])
            #expect(tree.metrics.sessions == 3)

            #expect(try await client.fail(child.id, reason: "boom").status == .failed)
            #expect(try await client.terminate(other.id, reason: "admin").outcome == .abandoned)
            let ended = try await client.end(root.id, reason: "done")
            #expect(ended.status == .completed)
            #expect(ended.endReason == "done")
            #expect(ended.finalMetrics != nil)
            let metrics = try await client.metrics(root.id)
            #expect(metrics.status == .completed)
            #expect(metrics.outcome == .ok)
            #expect(metrics.events == 1)

            try await client.health()
            try await client.health(ready: false)
        }
    }

    @Test func problemsAreThrownWithTheirCodeAndStatus() async throws {
        try await LiveServer.with { server in
            let client = server.client()
            defer { Task { try? await client.shutdown() } }
            let missing = UUID.v7(at: Timestamp(milliseconds: 1_790_000_000_000))
            let notFound = await #expect(throws: SessionClientError.self) { try await client.session(missing) }
            #expect(notFound?.code == .sessionNotFound)
            #expect(notFound?.status == 404)

            let session = try await client.create(SessionSpec(application: "tool"))
            let stale = await #expect(throws: SessionClientError.self) {
                try await client.append(session.id, NewEvent(type: "x"), expectedSeq: 7)
            }
            #expect(stale?.code == .sequenceConflict)
            #expect(stale?.status == 409)
            let reserved = await #expect(throws: SessionClientError.self) { try await client.append(session.id, NewEvent(type: "session.ended")) }
            #expect(reserved?.code.rawValue == "invalid_event_type")
            #expect(reserved?.status == 422)
            _ = try await client.end(session.id)
            let twice = await #expect(throws: SessionClientError.self) { try await client.end(session.id) }
            #expect(twice?.code == .invalidTransition)
            #expect(twice?.status == 409)
            #expect(twice?.isRetryable == false)
        }
    }
}

extension Session {
    /// The session as the API shows it: the engine's bookkeeping is not part of the answer.
    var withoutEngineBookkeeping: Session {
        var copy = self
        copy.tracking = SessionTracking(statusSince: createdAt)
        copy.lastHash = EventHash.genesis
        return copy
    }
}

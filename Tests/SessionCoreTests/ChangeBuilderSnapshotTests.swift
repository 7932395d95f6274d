import Foundation
import SessionCore
import Testing

struct ChangeBuilderSnapshotTests {
    @Test func snapshotsEveryIntervalAndOnIdleAndEnd() throws {
        let created = try createSession(snapshotInterval: 4)  // seq 1, 2
        #expect(created.snapshots.isEmpty)
        var all = created.events
        var session = created.session

        var b1 = SessionChangeBuilder.stub(session, now: T.sec(1), snapshotInterval: 4)
        try b1.append([NewEvent(type: "a", stateDelta: ["n": 3]), NewEvent(type: "a", stateDelta: ["n": 4])], expectedSeq: 2, existing: [:])
        #expect(b1.snapshots.map(\.seq) == [4])
        #expect(b1.snapshots.first?.state == ["n": 4])
        #expect(b1.snapshots.first?.createdAt == T.sec(1))
        #expect(b1.snapshots.first?.sessionID == IDs.session)
        all += b1.events
        session = b1.session

        var b2 = SessionChangeBuilder.stub(session, now: T.sec(2), snapshotInterval: 4)
        try b2.append((5...13).map { NewEvent(type: "a", stateDelta: ["n": .int(Int64($0))]) }, expectedSeq: 4, existing: [:])
        #expect(b2.snapshots.map(\.seq) == [8, 12])
        all += b2.events
        session = b2.session
        #expect(session.tracking.lastSnapshotSeq == 12)

        // Going idle snapshots at once (auto-save), off the interval.
        var b3 = SessionChangeBuilder.stub(session, now: T.sec(400), snapshotInterval: 4)
        #expect(summary(try b3.sweep()) == "idle")
        #expect(b3.snapshots.map(\.seq) == [14])
        all += b3.events
        session = b3.session

        // The interval counts from the last snapshot.
        var b4 = SessionChangeBuilder.stub(session, now: T.sec(500), snapshotInterval: 4)
        try b4.append([NewEvent(type: "a", stateDelta: ["n": 16])], expectedSeq: 14, existing: [:])  // state_changed 15, a 16
        #expect(b4.snapshots.isEmpty)
        try b4.append([NewEvent(type: "a", stateDelta: ["n": 17]), NewEvent(type: "a", stateDelta: ["n": 18])], expectedSeq: 16, existing: [:])
        #expect(b4.snapshots.map(\.seq) == [18])
        all += b4.events
        session = b4.session

        // Ending snapshots the final state after session.ended.
        var b5 = SessionChangeBuilder.stub(session, now: T.sec(600), snapshotInterval: 4)
        try b5.append([NewEvent(type: "a", stateDelta: ["done": true])], expectedSeq: 18, existing: [:])
        try b5.transition(.end)
        #expect(b5.events.map(\.seq) == [19, 20, 21])
        #expect(b5.snapshots.map(\.seq) == [21])
        #expect(b5.snapshots.first?.state == ["n": 18, "done": true])
        all += b5.events

        // Every snapshot equals the fold of the events up to its seq.
        let snapshots = b1.snapshots + b2.snapshots + b3.snapshots + b4.snapshots + b5.snapshots
        for snapshot in snapshots {
            #expect(snapshot.state == fold(all.filter { $0.seq <= snapshot.seq }), "snapshot at \(snapshot.seq)")
        }
        #expect(all.map(\.seq) == Array(1...21))
        #expect(EventHash.verify(all, after: EventHash.genesis, expectedSeq: 1).isIntact)
    }

    @Test func intervalOfOneSnapshotsEveryEvent() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1), snapshotInterval: 1)
        try builder.append([NewEvent(type: "a"), NewEvent(type: "b")], expectedSeq: 0, existing: [:])
        #expect(builder.snapshots.map(\.seq) == [1, 2])
    }

    @Test func nonPositiveIntervalActsAsOne() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1), snapshotInterval: 0)
        #expect(builder.snapshotInterval == 1)
        try builder.append([NewEvent(type: "a")], expectedSeq: 0, existing: [:])
        #expect(builder.snapshots.map(\.seq) == [1])
    }

    @Test func explicitSnapshotIsNotRepeated() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        builder.snapshot()
        #expect(builder.snapshots.isEmpty, "nothing to snapshot before the first event")
        try builder.append([NewEvent(type: "a", stateDelta: ["x": 1])], expectedSeq: 0, existing: [:])
        builder.snapshot()
        builder.snapshot()
        #expect(builder.snapshots.map(\.seq) == [1])
    }
}

struct ChangeBuilderEndTests {
    @Test(arguments: [
        (SessionLifecycle.Trigger.end, String?.none, SessionStatus.completed, "completed", SessionOutcome.ok),
        (.end, "user_quit", .completed, "user_quit", .ok),
        (.fail, nil, .failed, "client_failed", .errored),
        (.fail, "crash in tool", .failed, "crash in tool", .errored),
        (.heartbeatLost, nil, .failed, "heartbeat_lost", .crashed),
        (.stale, nil, .failed, "timeout", .crashed),
        (.expire, nil, .expired, "idle_timeout", .abandoned),
        (.expire, "max_duration", .expired, "max_duration", .abandoned),
        (.terminate, nil, .terminated, "terminated", .abandoned),
        (.parentClosed, nil, .terminated, "parent_closed", .abandoned),
    ])
    func endFlow(
        _ trigger: SessionLifecycle.Trigger,
        _ reason: String?,
        _ status: SessionStatus,
        _ endReason: String,
        _ outcome: SessionOutcome
    ) throws {
        var builder = SessionChangeBuilder.stub(try createSession().session, now: T.sec(10))
        try builder.append(
            [
                NewEvent(type: "tool.call", data: ["tokens": 10, "cost_usd": 0.5], stateDelta: ["a": 1]),
                NewEvent(type: "error"),
            ],
            expectedSeq: 2,
            existing: [:]
        )
        let session = builder.session
        var end = SessionChangeBuilder.stub(session, now: T.sec(100))
        #expect(try end.transition(trigger, reason: reason))
        let ended = end.session
        #expect(ended.status == status)
        #expect(ended.endReason == endReason)
        #expect(ended.outcome == outcome)
        #expect(ended.endedAt == T.sec(100))
        #expect(ended.updatedAt == T.sec(100))
        #expect(ended.tracking.undoStack.isEmpty)
        #expect(ended.tracking.redoStack.isEmpty)

        #expect(end.events.map(\.type) == ["session.state_changed", "session.ended"])
        #expect(end.events.map(\.seq) == [5, 6])
        #expect(
            end.events[0].data == [
                "from": "active", "to": .string(status.rawValue), "trigger": .string(trigger.rawValue),
                "reason": .string(endReason),
            ]
        )

        let metrics = try #require(ended.finalMetrics)
        #expect(metrics.status == status)
        #expect(metrics.outcome == outcome)
        #expect(metrics.endReason == endReason)
        #expect(metrics.durationMs == 100_000)
        #expect(metrics.activeMs == 100_000)
        #expect(metrics.idleMs == 0)
        #expect(metrics.events == 2)
        #expect(metrics.errors == 1)
        #expect(metrics.toolCalls == 1)
        #expect(metrics.tokens == 10)
        #expect(metrics.costUSD == 0.5)
        #expect(end.events[1].data == metrics.json)
        #expect(end.snapshots.map(\.seq) == [6])
        #expect(end.snapshots.first?.state == ["a": 1])
        #expect(ended.counters.events == 2, "engine events are not counted")
    }

    /// Active 0-300 s, idle 300-400 s, active 400-500 s, suspended 500-600 s, active 600-700 s, then ended.
    @Test func metricsSplitTimeByStatus() throws {
        var session = try createSession().session
        func step(_ seconds: Int64, _ body: (inout SessionChangeBuilder) throws -> Void) throws {
            var builder = SessionChangeBuilder.stub(session, now: T.sec(seconds))
            try body(&builder)
            session = builder.session
        }
        try step(300) { builder in
            let decision = try builder.sweep()
            #expect(summary(decision) == "idle")
        }
        try step(400) { try $0.append([NewEvent(type: "a")], expectedSeq: nil, existing: [:]) }
        try step(500) { try $0.transition(.suspend) }
        try step(600) { try $0.transition(.resume) }
        try step(700) { try $0.transition(.end) }
        let metrics = try #require(session.finalMetrics)
        #expect(metrics.durationMs == 700_000)
        #expect(metrics.activeMs == 500_000)
        #expect(metrics.idleMs == 100_000)
        #expect(metrics.suspendedMs == 100_000)
        #expect(metrics.activeMs + metrics.idleMs + metrics.suspendedMs == metrics.durationMs)
        #expect(SessionMetrics(of: session, now: T.sec(99_999)) == metrics, "an ended session's metrics are frozen")
    }

    @Test func archivingAnEndedSessionIsNotAnotherEnd() throws {
        var builder = SessionChangeBuilder.stub(try createSession().session, now: T.sec(10))
        try builder.transition(.end)
        var archive = SessionChangeBuilder.stub(builder.session, now: T.sec(20))
        try archive.transition(.archive)
        #expect(archive.session.status == .archived)
        #expect(archive.session.endedAt == T.sec(10))
        #expect(archive.session.endReason == "completed")
        #expect(archive.session.outcome == .ok)
        #expect(archive.events.map(\.type) == ["session.state_changed"])
        #expect(archive.events[0].data == ["from": "completed", "to": "archived", "trigger": "archive"])
    }
}

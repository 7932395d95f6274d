import Foundation
import SessionCore
import Testing

struct MetricsTests {
    @Test func liveSessionCountsItsCurrentStatusUpToNow() {
        var session = Session.stub(status: .idle)
        session.tracking.activeMs = 300_000
        session.tracking.statusSince = T.sec(300)
        session.counters.events = 4
        let metrics = SessionMetrics(of: session, now: T.sec(1000))
        #expect(metrics.status == .idle)
        #expect(metrics.outcome == nil)
        #expect(metrics.endReason == nil)
        #expect(metrics.durationMs == 1_000_000)
        #expect(metrics.activeMs == 300_000)
        #expect(metrics.idleMs == 700_000)
        #expect(metrics.suspendedMs == 0)
        #expect(metrics.events == 4)
        #expect(session.tracking.idleMs == 0, "computing metrics changes nothing")
    }

    @Test(arguments: [
        (SessionStatus.initializing, Int64(10_000), Int64(0), Int64(0)),
        (.active, 10_000, 0, 0),
        (.idle, 0, 10_000, 0),
        (.suspended, 0, 0, 10_000),
    ])
    func currentStatusBucket(_ status: SessionStatus, _ active: Int64, _ idle: Int64, _ suspended: Int64) {
        let metrics = SessionMetrics(of: Session.stub(status: status), now: T.sec(10))
        #expect(metrics.activeMs == active)
        #expect(metrics.idleMs == idle)
        #expect(metrics.suspendedMs == suspended)
        #expect(metrics.durationMs == 10_000)
    }

    @Test func nowBeforeCreationIsZero() {
        let metrics = SessionMetrics(of: Session.stub(createdAt: T.sec(100)), now: T.sec(50))
        #expect(metrics.durationMs == 0)
        #expect(metrics.activeMs == 0)
    }

    @Test func jsonRoundTrip() throws {
        var builder = SessionChangeBuilder.stub(try createSession().session, now: T.sec(5))
        try builder.append(
            [NewEvent(type: "tool.call", data: ["tokens": 3, "cost_usd": 0.125]), NewEvent(type: "error")],
            expectedSeq: nil,
            existing: [:]
        )
        try builder.transition(.fail, reason: "tool crashed")
        let metrics = try #require(builder.session.finalMetrics)
        #expect(SessionMetrics(json: metrics.json) == metrics)
        #expect(
            JSONWriter.string(metrics.json)
                == #"{"active_ms":5000,"children":0,"cost_usd":0.125,"duration_ms":5000,"end_reason":"tool crashed","errors":1,"events":2,"idle_ms":0,"outcome":"errored","status":"failed","suspended_ms":0,"tokens":3,"tool_calls":1}"#
        )
    }

    @Test func countersAndTrackingRoundTrip() throws {
        var counters = SessionCounters()
        counters.count(type: "tool.call", data: ["tokens": 5, "cost_usd": 0.5])
        counters.count(type: "x.error", data: [:])
        counters.children = 2
        #expect(SessionCounters(json: counters.json) == counters)
        #expect(SessionCounters(json: .emptyObject) == SessionCounters())

        var tracking = SessionTracking(statusSince: T.sec(9))
        tracking.activeMs = 1
        tracking.idleMs = 2
        tracking.suspendedMs = 3
        tracking.warningsSent = 2
        tracking.lastSnapshotSeq = 40
        tracking.undoStack = [3, 5]
        tracking.redoStack = [7]
        #expect(SessionTracking(json: tracking.json) == tracking)
    }

    @Test func ignoresNonFiniteCost() {
        var counters = SessionCounters()
        counters.count(type: "a", data: ["cost_usd": .double(.infinity)])
        counters.count(type: "a", data: ["cost_usd": .double(.nan)])
        #expect(counters.costUSD == 0)
    }

    @Test func treeAggregatesDescendants() throws {
        var root = Session.stub(id: IDs.parent, status: .active, createdAt: T.sec(0))
        root.counters.events = 10
        root.counters.tokens = 100
        root.counters.costUSD = 1
        root.counters.errors = 1

        var child = Session.stub(id: IDs.child, status: .completed, createdAt: T.sec(10), depth: 1)
        child.endedAt = T.sec(40)
        child.outcome = .ok
        child.tracking.activeMs = 30_000
        child.counters.events = 5
        child.counters.toolCalls = 3
        child.counters.tokens = 50

        var grandchild = Session.stub(id: IDs.session, status: .failed, createdAt: T.sec(20), depth: 2)
        grandchild.endedAt = T.sec(30)
        grandchild.outcome = .crashed
        grandchild.tracking.activeMs = 4_000
        grandchild.tracking.idleMs = 6_000
        grandchild.counters.errors = 2
        grandchild.counters.costUSD = 0.5

        let tree = TreeMetrics(root: root, descendants: [child, grandchild], now: T.sec(100))
        #expect(tree.rootID == IDs.parent.lowercased)
        #expect(tree.sessions == 3)
        #expect(tree.maxDepth == 2)
        #expect(tree.byStatus == [.active: 1, .completed: 1, .failed: 1])
        #expect(tree.byOutcome == [.ok: 1, .crashed: 1])
        #expect(tree.events == 15)
        #expect(tree.errors == 3)
        #expect(tree.toolCalls == 3)
        #expect(tree.tokens == 150)
        #expect(tree.costUSD == 1.5)
        #expect(tree.totalDurationMs == 100_000 + 30_000 + 10_000)
        #expect(tree.activeMs == 100_000 + 30_000 + 4_000)
        #expect(tree.idleMs == 6_000)
        #expect(tree.wallClockMs == 100_000)
        #expect(tree.json["sessions"] == .int(3))
        #expect(tree.json["by_status"] == ["active": 1, "completed": 1, "failed": 1])
        #expect(tree.json["by_outcome"] == ["ok": 1, "crashed": 1])
    }

    @Test func endedTreeWallClockStopsAtTheLastEnd() {
        var root = Session.stub(id: IDs.parent, status: .completed, createdAt: T.sec(5))
        root.endedAt = T.sec(50)
        var child = Session.stub(id: IDs.child, status: .expired, createdAt: T.sec(10), depth: 1)
        child.endedAt = T.sec(80)
        let tree = TreeMetrics(root: root, descendants: [child], now: T.sec(1000))
        #expect(tree.wallClockMs == 75_000)
        #expect(tree.maxDepth == 1)
    }

    @Test func loneSession() {
        let tree = TreeMetrics(root: Session.stub(depth: 3), descendants: [], now: T.sec(1))
        #expect(tree.sessions == 1)
        #expect(tree.maxDepth == 0, "depth is counted below the root")
    }

    @Test func treeTokenTotalsDoNotOverflow() {
        var a = Session.stub(id: IDs.parent)
        a.counters.tokens = .max
        var b = Session.stub(id: IDs.child, depth: 1)
        b.counters.tokens = .max
        #expect(TreeMetrics(root: a, descendants: [b], now: T.sec(1)).tokens == .max)
    }
}

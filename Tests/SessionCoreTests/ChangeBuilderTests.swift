import Foundation
import SessionCore
import Testing

/// The state obtained by folding the state deltas of `events` from an empty object.
func fold(_ events: some Sequence<SessionEvent>, from state: JSONValue = .emptyObject) -> JSONValue {
    events.reduce(state) { state, event in event.stateDelta.map { JSONMergePatch.apply($0, to: state) } ?? state }
}

struct ChangeBuilderCreateTests {
    @Test func rootSessionStartsActive() throws {
        let spec = SessionSpec(
            application: "claude-code", userID: "alice", externalID: "ext-1", projectKey: "github.com/acme/app",
            context: ["project": ["cwd": "/src/app"]], labels: ["team": "core"])
        let change = try createSession(spec: spec)
        let session = change.session
        #expect(session.id == IDs.session)
        #expect(session.rootID == IDs.session)
        #expect(session.parentID == nil)
        #expect(session.depth == 0)
        #expect(session.status == .active)
        #expect(session.application == "claude-code")
        #expect(session.userID == "alice")
        #expect(session.externalID == "ext-1")
        #expect(session.projectKey == "github.com/acme/app")
        #expect(session.effectiveContext == spec.context)
        #expect(session.createdAt == T.t0)
        #expect(session.lastSeq == 2)
        #expect(session.counters == SessionCounters(), "engine events are not counted")
        #expect(change.parent == nil)
        #expect(change.sessionChanged)
        #expect(!change.isEmpty)

        #expect(change.events.map(\.type) == ["session.created", "session.state_changed"])
        #expect(change.events.map(\.seq) == [1, 2])
        #expect(change.events.allSatisfy { $0.sessionID == IDs.session && $0.time == T.t0 })
        let created = change.events[0].data
        #expect(created["application"] == "claude-code")
        #expect(created["user_id"] == "alice")
        #expect(created["external_id"] == "ext-1")
        #expect(created["project_key"] == "github.com/acme/app")
        #expect(created["labels"] == ["team": "core"])
        #expect(created["policy"] == SessionPolicy().json)
        #expect(created["parent_id"] == nil)
        #expect(change.events[1].data == ["from": "initializing", "to": "active", "trigger": "start"])
        #expect(session.lastHash == change.events[1].hash)
        #expect(EventHash.verify(change.events, after: EventHash.genesis, expectedSeq: 1).isIntact)
    }

    @Test func notStartedStaysInitializing() throws {
        let change = try createSession(spec: SessionSpec(application: "cli", start: false))
        #expect(change.session.status == .initializing)
        #expect(change.events.map(\.type) == ["session.created"])
    }

    @Test func applicationDefaultsToUnknown() throws {
        #expect(try createSession(spec: SessionSpec()).session.application == "unknown")
    }

    @Test func policyIsValidatedAndNormalised() throws {
        let spec = SessionSpec(policy: SessionPolicy(warnAt: [0.9, 0.5, 0.9]))
        #expect(try createSession(spec: spec).session.policy.warnAt == [0.5, 0.9])
        let bad = SessionSpec(policy: SessionPolicy(idleAfter: .zero))
        let error = #expect(throws: SessionError.self) { try createSession(spec: bad) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func idsAreReproducibleFromTheSeed() throws {
        let a = try createSession(seed: 9).events.map(\.id)
        let b = try createSession(seed: 9).events.map(\.id)
        let c = try createSession(seed: 10).events.map(\.id)
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a).count == a.count)
        #expect(a.allSatisfy { $0.v7Timestamp == T.t0 })
    }

    @Test func childInheritsContextWithItsOwnKeysOnTop() throws {
        let parentSpec = SessionSpec(
            application: "agent", userID: "alice", projectKey: "repo",
            context: [
                "project": ["cwd": "/src", "git": ["branch": "main", "dirty": false]],
                "user": ["name": "alice"],
            ])
        let parent = try createSession(id: IDs.parent, spec: parentSpec).session
        let childSpec = SessionSpec(
            context: ["project": ["git": ["branch": "feature"]], "app": ["name": "sub-agent"]], labels: ["role": "worker"])
        let change = try SessionChangeBuilder.create(
            id: IDs.child, spec: childSpec, parent: parent, now: T.sec(5), ids: .seeded(3))
        let child = change.session
        #expect(child.parentID == IDs.parent)
        #expect(child.rootID == IDs.parent)
        #expect(child.depth == 1)
        #expect(child.userID == "alice")
        #expect(child.application == "agent")
        #expect(child.projectKey == "repo")
        #expect(child.context == childSpec.context, "the child's own context is kept as given")
        #expect(
            child.effectiveContext == [
                "project": ["cwd": "/src", "git": ["branch": "feature", "dirty": false]],
                "user": ["name": "alice"],
                "app": ["name": "sub-agent"],
            ])
        #expect(change.events.first?.data["parent_id"] == .string(IDs.parent.lowercased))

        let updatedParent = try #require(change.parent)
        #expect(updatedParent.id == IDs.parent)
        #expect(updatedParent.counters.children == 1)
        #expect(updatedParent.updatedAt == T.sec(5))
        #expect(updatedParent.lastSeq == parent.lastSeq, "the parent gets no event")
    }

    @Test func childSpecOverridesWhoAndWhat() throws {
        let parent = try createSession(id: IDs.parent, spec: SessionSpec(application: "agent", userID: "alice")).session
        let spec = SessionSpec(application: "tool", userID: "bob", projectKey: "other")
        let child = try SessionChangeBuilder.create(id: IDs.child, spec: spec, parent: parent, now: T.t0, ids: .seeded(1))
            .session
        #expect(child.application == "tool")
        #expect(child.userID == "bob")
        #expect(child.projectKey == "other")
    }

    @Test func grandchildKeepsTheRoot() throws {
        let root = try createSession(id: IDs.parent, spec: SessionSpec(context: ["a": 1])).session
        let child = try SessionChangeBuilder.create(
            id: IDs.child, spec: SessionSpec(context: ["b": 2]), parent: root, now: T.t0, ids: .seeded(1)
        ).session
        let grandchild = try SessionChangeBuilder.create(
            id: IDs.session, spec: SessionSpec(context: ["a": 3]), parent: child, now: T.t0, ids: .seeded(2)
        ).session
        #expect(grandchild.rootID == IDs.parent)
        #expect(grandchild.parentID == IDs.child)
        #expect(grandchild.depth == 2)
        #expect(grandchild.effectiveContext == ["a": 3, "b": 2])
    }

    @Test(arguments: [
        (parentDepth: 15, maxDepth: 16, allowed: true),
        (parentDepth: 16, maxDepth: 16, allowed: false),
        (parentDepth: 0, maxDepth: 1, allowed: true),
        (parentDepth: 1, maxDepth: 1, allowed: false),
        (parentDepth: 0, maxDepth: 0, allowed: false),
    ])
    func depthLimit(parentDepth: Int, maxDepth: Int, allowed: Bool) throws {
        let parent = Session.stub(id: IDs.parent, depth: parentDepth)
        let create = { () throws(SessionError) -> SessionChange in
            try SessionChangeBuilder.create(
                id: IDs.child, spec: SessionSpec(), parent: parent, now: T.t0, maxDepth: maxDepth, ids: .seeded(1))
        }
        if allowed {
            #expect(try create().session.depth == parentDepth + 1)
        } else {
            let error = #expect(throws: SessionError.self) { try create() }
            #expect(error?.code == .depthExceeded)
        }
    }

    @Test(arguments: SessionStatus.allCases)
    func parentMustBeLive(_ status: SessionStatus) throws {
        let parent = Session.stub(id: IDs.parent, status: status)
        let create = { () throws(SessionError) -> SessionChange in
            try SessionChangeBuilder.create(id: IDs.child, spec: SessionSpec(), parent: parent, now: T.t0, ids: .seeded(1))
        }
        if status.isLive {
            #expect(try create().parent?.counters.children == 1)
        } else {
            let error = #expect(throws: SessionError.self) { try create() }
            #expect(error?.code == .parentEnded)
        }
    }

    @Test func endedParentIsReportedBeforeDepth() {
        let parent = Session.stub(id: IDs.parent, status: .completed, depth: 16)
        let error = #expect(throws: SessionError.self) {
            try SessionChangeBuilder.create(id: IDs.child, spec: SessionSpec(), parent: parent, now: T.t0, ids: .seeded(1))
        }
        #expect(error?.code == .parentEnded)
    }

    @Test func parentCountsEveryChild() throws {
        var parent = try createSession(id: IDs.parent).session
        var ids = IDSource.seeded(5)
        for n in 1...3 {
            let change = try SessionChangeBuilder.create(
                id: ids.next(at: T.sec(Int64(n))), spec: SessionSpec(), parent: parent, now: T.sec(Int64(n)),
                ids: .seeded(UInt64(n)))
            parent = try #require(change.parent)
            #expect(parent.counters.children == Int64(n))
        }
    }
}

struct ChangeBuilderAppendTests {
    @Test func appendNumbersFoldsAndChains() throws {
        let created = try createSession()
        var builder = SessionChangeBuilder.stub(created.session, now: T.sec(1))
        try builder.append(
            [
                NewEvent(type: "user.prompt", data: ["text": "hi"], stateDelta: ["mode": "plan", "files": ["a.swift"]]),
                NewEvent(type: "tool.call", data: ["tool": "grep"]),
                NewEvent(type: "note", stateDelta: ["mode": "edit", "files": nil, "count": 1]),
            ], expectedSeq: 2, existing: [:])
        let change = builder.build()
        #expect(change.events.map(\.seq) == [3, 4, 5])
        #expect(change.events.allSatisfy { $0.time == T.sec(1) && $0.sessionID == IDs.session })
        #expect(change.session.state == ["mode": "edit", "count": 1])
        #expect(change.session.state == fold(created.events + change.events))
        #expect(change.session.lastSeq == 5)
        #expect(change.session.lastActivityAt == T.sec(1))
        #expect(change.session.updatedAt == T.sec(1))
        #expect(change.session.counters.events == 3)
        #expect(change.session.counters.toolCalls == 1)
        #expect(change.events[0].inverseDelta == ["mode": nil, "files": nil])
        #expect(change.events[1].inverseDelta == nil)
        #expect(change.events[2].inverseDelta == ["mode": "plan", "files": ["a.swift"], "count": nil])
        #expect(change.sessionChanged)
        #expect(change.replayed.isEmpty)

        let verification = EventHash.verify(created.events + change.events, after: EventHash.genesis, expectedSeq: 1)
        #expect(verification.isIntact)
        #expect(verification.checked == 5)
        #expect(verification.lastHash == change.session.lastHash)
    }

    @Test func consecutiveAppendsAreGapFree() throws {
        let created = try createSession()
        var session = created.session
        var all: [SessionEvent] = []
        for n in 1...5 {
            var builder = SessionChangeBuilder.stub(session, now: T.sec(Int64(n)), seed: UInt64(n))
            try builder.append(
                Array(repeating: NewEvent(type: "step", stateDelta: ["n": .int(Int64(n))]), count: n),
                expectedSeq: session.lastSeq, existing: [:])
            all += builder.events
            session = builder.session
        }
        #expect(all.map(\.seq) == Array(3...17))
        #expect(session.lastSeq == 17)
        #expect(session.counters.events == 15)
        #expect(session.state == ["n": 5])
        #expect(EventHash.verify(created.events + all, after: EventHash.genesis, expectedSeq: 1).isIntact)
        #expect(EventHash.verify(all, after: created.session.lastHash, expectedSeq: 3).isIntact)
    }

    struct CounterCase: Sendable, CustomTestStringConvertible {
        var type: String
        var data: JSONValue
        var errors: Int64 = 0
        var toolCalls: Int64 = 0
        var tokens: Int64 = 0
        var cost: Double = 0
        var testDescription: String { "\(type) \(data)" }
    }

    @Test(arguments: [
        CounterCase(type: "error", data: [:], errors: 1),
        CounterCase(type: "tool.error", data: [:], errors: 1),
        CounterCase(type: "errors", data: [:]),
        CounterCase(type: "error.detail", data: [:]),
        CounterCase(type: "tool.call", data: ["tool": "grep"], toolCalls: 1),
        CounterCase(type: "tool.call.result", data: [:]),
        CounterCase(type: "llm.response", data: ["tokens": 120], tokens: 120),
        CounterCase(type: "llm.response", data: ["tokens": 2.0], tokens: 2),
        CounterCase(type: "llm.response", data: ["tokens": 2.5]),
        CounterCase(type: "llm.response", data: ["tokens": "12"]),
        CounterCase(type: "llm.response", data: ["usage": ["input_tokens": 10, "output_tokens": 5]], tokens: 15),
        CounterCase(type: "llm.response", data: ["usage": ["input_tokens": 10]], tokens: 10),
        CounterCase(type: "llm.response", data: ["tokens": 7, "usage": ["input_tokens": 10, "output_tokens": 5]], tokens: 7),
        CounterCase(type: "llm.response", data: ["cost_usd": 0.25], cost: 0.25),
        CounterCase(type: "llm.response", data: ["cost_usd": 3], cost: 3),
        CounterCase(type: "llm.response", data: ["cost_usd": "0.25"]),
        CounterCase(type: "tool.error", data: ["tokens": 4, "cost_usd": 0.5], errors: 1, tokens: 4, cost: 0.5),
        CounterCase(type: "note", data: "not an object"),
    ])
    func counters(_ c: CounterCase) throws {
        var builder = SessionChangeBuilder.stub(try createSession().session, now: T.sec(1))
        try builder.append([NewEvent(type: c.type, data: c.data)], expectedSeq: nil, existing: [:])
        try builder.append([NewEvent(type: "note", data: c.data)], expectedSeq: nil, existing: [:])
        let counters = builder.session.counters
        #expect(counters.events == 2)
        #expect(counters.errors == c.errors)
        #expect(counters.toolCalls == c.toolCalls)
        #expect(counters.tokens == c.tokens * 2)
        #expect(counters.costUSD == c.cost * 2)
        #expect(counters.children == 0)
    }

    /// A client may claim absurd token counts; the totals saturate instead of trapping.
    @Test func tokenTotalsDoNotOverflow() throws {
        var builder = SessionChangeBuilder.stub(try createSession().session, now: T.sec(1))
        let huge = NewEvent(type: "llm.response", data: ["tokens": .int(.max)])
        let usage = NewEvent(type: "llm.response", data: ["usage": ["input_tokens": .int(.max), "output_tokens": .int(.max)]])
        try builder.append([huge, huge, usage], expectedSeq: nil, existing: [:])
        #expect(builder.session.counters.tokens == .max)
        try builder.append([NewEvent(type: "x", data: ["tokens": .int(.min)])], expectedSeq: nil, existing: [:])
        try builder.append([NewEvent(type: "x", data: ["tokens": .int(.min)])], expectedSeq: nil, existing: [:])
        #expect(builder.session.counters.tokens == .min)
    }

    @Test func idempotentReplayReturnsStoredAndWritesNothing() throws {
        var first = SessionChangeBuilder.stub(try createSession().session, now: T.sec(1))
        try first.append([NewEvent(type: "tool.call", stateDelta: ["a": 1], idempotencyKey: "k1")], expectedSeq: 2, existing: [:])
        let stored = try #require(first.events.first)
        let session = first.session

        // The same request again, even with its now stale expected_seq.
        var retry = SessionChangeBuilder.stub(session, now: T.sec(2))
        try retry.append(
            [NewEvent(type: "tool.call", stateDelta: ["a": 1], idempotencyKey: "k1")], expectedSeq: 2,
            existing: ["k1": stored])
        let change = retry.build()
        #expect(change.replayed == [stored])
        #expect(change.events.isEmpty)
        #expect(change.snapshots.isEmpty)
        #expect(!change.sessionChanged)
        #expect(change.isEmpty)
        #expect(change.session == session)
    }

    @Test func replayWorksOnEndedSessions() throws {
        var builder = SessionChangeBuilder.stub(try createSession().session, now: T.sec(1))
        try builder.append([NewEvent(type: "x", idempotencyKey: "k")], expectedSeq: nil, existing: [:])
        let stored = builder.events[0]
        try builder.transition(.end)
        var retry = SessionChangeBuilder.stub(builder.session, now: T.sec(2))
        try retry.append([NewEvent(type: "x", idempotencyKey: "k")], expectedSeq: nil, existing: ["k": stored])
        #expect(retry.replayed == [stored])
        #expect(retry.build().isEmpty)
    }

    @Test func partlyReplayedBatchWritesOnlyTheNewEvents() throws {
        var first = SessionChangeBuilder.stub(try createSession().session, now: T.sec(1))
        try first.append([NewEvent(type: "a", idempotencyKey: "k1")], expectedSeq: nil, existing: [:])
        let stored = first.events[0]
        var second = SessionChangeBuilder.stub(first.session, now: T.sec(2))
        try second.append(
            [NewEvent(type: "a", idempotencyKey: "k1"), NewEvent(type: "b", idempotencyKey: "k2"), NewEvent(type: "c")],
            expectedSeq: 3, existing: ["k1": stored])
        #expect(second.replayed == [stored])
        #expect(second.events.map(\.type) == ["b", "c"])
        #expect(second.events.map(\.seq) == [4, 5])
        #expect(second.events[0].idempotencyKey == "k2")
        #expect(second.session.counters.events == 3)
    }

    @Test func reusedKeyForAnotherTypeIsRejected() throws {
        var first = SessionChangeBuilder.stub(try createSession().session, now: T.sec(1))
        try first.append([NewEvent(type: "tool.call", idempotencyKey: "k1")], expectedSeq: nil, existing: [:])
        let stored = first.events[0]
        var second = SessionChangeBuilder.stub(first.session, now: T.sec(2))
        let error = #expect(throws: SessionError.self) {
            try second.append([NewEvent(type: "user.prompt", idempotencyKey: "k1")], expectedSeq: nil, existing: ["k1": stored])
        }
        #expect(error?.code == .idempotencyKeyReused)
        #expect(second.events.isEmpty)
    }

    @Test func sameKeyTwiceInOneBatchIsRejected() throws {
        var builder = SessionChangeBuilder.stub(try createSession().session, now: T.sec(1))
        let error = #expect(throws: SessionError.self) {
            try builder.append(
                [NewEvent(type: "a", idempotencyKey: "k"), NewEvent(type: "a", idempotencyKey: "k")], expectedSeq: nil,
                existing: [:])
        }
        #expect(error?.code == .invalidArgument)
        #expect(builder.events.isEmpty)
    }

    @Test(arguments: [Int64(0), 1, 3, 100])
    func staleExpectedSeqConflicts(_ expected: Int64) throws {
        let session = try createSession().session  // lastSeq 2
        var builder = SessionChangeBuilder.stub(session, now: T.sec(1))
        let error = #expect(throws: SessionError.self) {
            try builder.append([NewEvent(type: "a", stateDelta: ["x": 1])], expectedSeq: expected, existing: [:])
        }
        #expect(error?.code == .sequenceConflict)
        #expect(builder.events.isEmpty)
        #expect(builder.session == session)
        #expect(builder.build().isEmpty)
    }

    @Test(arguments: [SessionLifecycle.Trigger.end, .fail, .expire, .terminate, .heartbeatLost])
    func endedSessionTakesNoEvents(_ trigger: SessionLifecycle.Trigger) throws {
        var ending = SessionChangeBuilder.stub(try createSession().session, now: T.sec(1))
        try ending.transition(trigger)
        var builder = SessionChangeBuilder.stub(ending.session, now: T.sec(2))
        let error = #expect(throws: SessionError.self) {
            try builder.append([NewEvent(type: "a")], expectedSeq: nil, existing: [:])
        }
        #expect(error?.code == .sessionEnded)
        #expect(builder.events.isEmpty)
    }

    @Test func idleSessionBecomesActiveOnAppend() throws {
        var session = Session.stub(status: .idle, warningsSent: 2)
        session.tracking.statusSince = T.sec(300)
        var builder = SessionChangeBuilder.stub(session, now: T.sec(2000))
        try builder.append([NewEvent(type: "user.prompt")], expectedSeq: 0, existing: [:])
        #expect(builder.events.map(\.type) == ["session.state_changed", "user.prompt"])
        #expect(builder.events[0].data == ["from": "idle", "to": "active", "trigger": "activity"])
        #expect(builder.events.map(\.seq) == [1, 2])
        #expect(builder.session.status == .active)
        #expect(builder.session.lastActivityAt == T.sec(2000))
        #expect(builder.session.tracking.warningsSent == 0)
        #expect(builder.session.tracking.idleMs == 1_700_000)
        #expect(builder.session.counters.events == 1)
    }

    @Test func initializingSessionBecomesActiveOnAppend() throws {
        let created = try createSession(spec: SessionSpec(start: false))
        var builder = SessionChangeBuilder.stub(created.session, now: T.sec(1))
        try builder.append([NewEvent(type: "a")], expectedSeq: 1, existing: [:])
        #expect(builder.events.map(\.type) == ["session.state_changed", "a"])
        #expect(builder.events[0].data["from"] == "initializing")
        #expect(builder.events[0].data["trigger"] == "activity")
        #expect(builder.session.status == .active)
    }

    @Test func suspendedSessionRecordsButStaysSuspended() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(status: .suspended), now: T.sec(5))
        try builder.append([NewEvent(type: "a")], expectedSeq: nil, existing: [:])
        #expect(builder.events.map(\.type) == ["a"])
        #expect(builder.session.status == .suspended)
        #expect(builder.session.lastActivityAt == T.sec(5))
    }

    @Test func activeSessionAppendAddsNoStateChange() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(status: .active, warningsSent: 1), now: T.sec(5))
        try builder.append([NewEvent(type: "a")], expectedSeq: nil, existing: [:])
        #expect(builder.events.map(\.type) == ["a"])
        #expect(builder.session.tracking.warningsSent == 0)
    }

    @Test func clientFieldsAreStored() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(5))
        let new = NewEvent(
            type: "tool.call", data: ["x": 1], source: "cli", idempotencyKey: "key", correlationID: "corr",
            causationID: "cause", traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")
        try builder.append([new], expectedSeq: nil, existing: [:])
        let event = try #require(builder.events.first)
        #expect(event.type == new.type)
        #expect(event.data == new.data)
        #expect(event.source == "cli")
        #expect(event.idempotencyKey == "key")
        #expect(event.correlationID == "corr")
        #expect(event.causationID == "cause")
        #expect(event.traceID == new.traceID)
        #expect(event.spanID == new.spanID)
        #expect(event.position == 0)
        #expect(event.hash.count == 64)
    }
}

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
        _ trigger: SessionLifecycle.Trigger, _ reason: String?, _ status: SessionStatus, _ endReason: String,
        _ outcome: SessionOutcome
    ) throws {
        var builder = SessionChangeBuilder.stub(try createSession().session, now: T.sec(10))
        try builder.append(
            [
                NewEvent(type: "tool.call", data: ["tokens": 10, "cost_usd": 0.5], stateDelta: ["a": 1]),
                NewEvent(type: "error"),
            ], expectedSeq: 2, existing: [:])
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
            ])

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

struct ChangeBuilderUndoTests {
    /// Commands c1..c3 with states S0..S3; undo and redo walk back and forth.
    @Test func undoRedoRestoresStates() throws {
        let s0: JSONValue = ["keep": "x"]
        let deltas: [JSONValue] = [
            ["a": 1],
            ["a": 2, "b": ["c": 1]],
            ["b": ["c": nil, "d": true], "keep": nil],
        ]
        var session = Session.stub()
        session.state = s0
        var builder = SessionChangeBuilder.stub(session, now: T.sec(1))
        try builder.append([NewEvent(type: "cmd", stateDelta: deltas[0])], expectedSeq: 0, existing: [:])
        try builder.append([NewEvent(type: "note")], expectedSeq: 1, existing: [:])  // not a command
        try builder.append(deltas.dropFirst().map { NewEvent(type: "cmd", stateDelta: $0) }, expectedSeq: 2, existing: [:])
        var byseq = Dictionary(uniqueKeysWithValues: builder.events.map { ($0.seq, $0) })
        let s1: JSONValue = ["keep": "x", "a": 1]
        let s2: JSONValue = ["keep": "x", "a": 2, "b": ["c": 1]]
        let s3: JSONValue = ["a": 2, "b": ["d": true]]
        #expect(builder.session.state == s3)
        #expect(builder.session.tracking.undoStack == [1, 3, 4])

        func command(_ seq: Int64) throws -> SessionEvent { try #require(byseq[seq]) }
        func undo() throws {
            let top = try #require(builder.session.tracking.undoStack.last)
            try builder.undo(try command(top))
            byseq[builder.session.lastSeq] = builder.events.last
        }
        func redo() throws {
            let top = try #require(builder.session.tracking.redoStack.last)
            try builder.redo(try command(top))
            byseq[builder.session.lastSeq] = builder.events.last
        }

        try undo()
        #expect(builder.session.state == s2)
        #expect(builder.events.last?.type == "session.undo")
        #expect(builder.events.last?.data == ["undone_seq": 4])
        try undo()
        #expect(builder.session.state == s1)
        try redo()
        #expect(builder.session.state == s2)
        #expect(builder.events.last?.type == "session.redo")
        #expect(builder.events.last?.data == ["redone_seq": 3])
        try redo()
        #expect(builder.session.state == s3)
        try undo()
        try undo()
        try undo()
        #expect(builder.session.state == s0)
        #expect(builder.session.tracking.undoStack.isEmpty)
        #expect(builder.session.tracking.redoStack == [4, 3, 1])
        let error = #expect(throws: SessionError.self) { try builder.undo(try command(1)) }
        #expect(error?.code == .nothingToUndo)
        try redo()
        #expect(builder.session.state == s1)

        // A new command clears what could be redone.
        try builder.append([NewEvent(type: "cmd", stateDelta: ["z": 0])], expectedSeq: builder.session.lastSeq, existing: [:])
        #expect(builder.session.tracking.redoStack.isEmpty)
        let redoError = #expect(throws: SessionError.self) { try builder.redo(try command(3)) }
        #expect(redoError?.code == .nothingToRedo)

        // History is never rewritten: every undo and redo is an event on the chain, and the fold agrees.
        #expect(builder.session.state == fold(builder.events, from: s0))
        #expect(builder.events.map(\.seq) == Array(1...Int64(builder.events.count)))
        #expect(builder.session.counters.events == 5, "undo and redo are engine events")
        #expect(EventHash.verify(builder.events, after: EventHash.genesis, expectedSeq: 1).isIntact)
    }

    @Test func undoOnlyTheTopCommand() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        try builder.append(
            [NewEvent(type: "cmd", stateDelta: ["a": 1]), NewEvent(type: "cmd", stateDelta: ["a": 2])], expectedSeq: 0,
            existing: [:])
        let error = #expect(throws: SessionError.self) { try builder.undo(builder.events[0]) }
        #expect(error?.code == .nothingToUndo)
        let noRedo = #expect(throws: SessionError.self) { try builder.redo(builder.events[1]) }
        #expect(noRedo?.code == .nothingToRedo)
    }

    @Test func undoOnIdleSessionIsActivity() throws {
        var first = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        try first.append([NewEvent(type: "cmd", stateDelta: ["a": 1])], expectedSeq: 0, existing: [:])
        let command = first.events[0]
        var idle = SessionChangeBuilder.stub(first.session, now: T.sec(400))
        try idle.sweep()
        #expect(idle.session.status == .idle)
        var builder = SessionChangeBuilder.stub(idle.session, now: T.sec(500))
        try builder.undo(command)
        #expect(builder.events.map(\.type) == ["session.state_changed", "session.undo"])
        #expect(builder.session.status == .active)
        #expect(builder.session.state == [:])
    }

    @Test func undoOnEndedSessionFails() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        try builder.append([NewEvent(type: "cmd", stateDelta: ["a": 1])], expectedSeq: 0, existing: [:])
        let command = builder.events[0]
        var session = builder.session
        session.status = .completed
        var ended = SessionChangeBuilder.stub(session, now: T.sec(2))
        let undoError = #expect(throws: SessionError.self) { try ended.undo(command) }
        #expect(undoError?.code == .sessionEnded)
        let error = #expect(throws: SessionError.self) { try ended.redo(command) }
        #expect(error?.code == .sessionEnded)
    }

    @Test func undoHistoryIsBounded() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        let limit = SessionTracking.historyLimit
        try builder.append(
            (0..<(limit + 5)).map { NewEvent(type: "cmd", stateDelta: ["n": .int(Int64($0))]) }, expectedSeq: 0, existing: [:])
        #expect(builder.session.tracking.undoStack.count == limit)
        #expect(builder.session.tracking.undoStack.first == 6)
        #expect(builder.session.tracking.undoStack.last == Int64(limit + 5))
    }
}

struct ChangeBuilderRecoverTests {
    @Test(arguments: [
        (SessionStatus.active, [String]()),
        (.idle, ["session.state_changed"]),
        (.suspended, ["session.state_changed"]),
        (.initializing, ["session.state_changed"]),
    ])
    func liveSessionRecovers(_ status: SessionStatus, _ transitions: [String]) throws {
        let session = Session.stub(status: status, lastActivityAt: T.sec(100), warningsSent: 1)
        var builder = SessionChangeBuilder.stub(session, now: T.sec(2000))
        #expect(try builder.recover())
        #expect(builder.session.status == .active)
        #expect(builder.events.map(\.type) == transitions + ["session.recovered"])
        #expect(builder.events.last?.data == ["last_seq": .int(builder.session.lastSeq - 1)])
        #expect(builder.session.lastActivityAt == T.sec(2000))
        #expect(builder.session.lastHeartbeatAt == T.sec(2000))
        #expect(builder.session.tracking.warningsSent == 0)
        #expect(SweepDecision.decide(builder.session, now: T.sec(2000)).isEmpty)
    }

    @Test func suspendedSessionIsResumed() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(status: .suspended), now: T.sec(10))
        #expect(try builder.recover())
        #expect(builder.events[0].data["trigger"] == "resume")
    }

    @Test(arguments: [
        ("idle past expire_after", Session.stub(status: .idle), T.sec(3600)),
        ("heartbeats lost", Session.stub(status: .active, policy: Policies.heartbeat10s), T.sec(30)),
        ("past max duration", Session.stub(status: .suspended, lastActivityAt: T.sec(7000), policy: Policies.max2h), T.sec(7200)),
    ])
    func staleSessionFails(_ name: String, _ session: Session, _ now: Timestamp) throws {
        var builder = SessionChangeBuilder.stub(session, now: now)
        #expect(try builder.recover() == false, "\(name)")
        #expect(builder.session.status == .failed)
        #expect(builder.session.endReason == "timeout")
        #expect(builder.session.outcome == .crashed)
        #expect(builder.session.endedAt == now)
        #expect(builder.events.map(\.type) == ["session.state_changed", "session.ended"])
        #expect(builder.events[0].data["trigger"] == "stale")
        #expect(!builder.events.contains { $0.type == "session.recovered" })
    }

    @Test(arguments: [SessionStatus.completed, .failed, .expired, .terminated, .archived])
    func endedSessionCannotRecover(_ status: SessionStatus) {
        var builder = SessionChangeBuilder.stub(Session.stub(status: status), now: T.sec(1))
        let error = #expect(throws: SessionError.self) { try builder.recover() }
        #expect(error?.code == .invalidTransition)
        #expect(builder.events.isEmpty)
    }
}

struct ChangeBuilderHeartbeatTests {
    @Test func heartbeatResetsWarningsWithoutActivity() throws {
        let session = Session.stub(status: .idle, warningsSent: 2)
        #expect(!SweepDecision.decide(session, now: T.sec(3000)).isEmpty)
        var builder = SessionChangeBuilder.stub(session, now: T.sec(3000))
        try builder.heartbeat()
        #expect(builder.session.tracking.warningsSent == 0)
        #expect(builder.session.lastHeartbeatAt == T.sec(3000))
        #expect(builder.session.lastActivityAt == T.t0, "a heartbeat is not activity")
        #expect(builder.session.status == .idle, "an idle session stays idle")
        #expect(builder.session.updatedAt == T.sec(3000))
        #expect(builder.events.isEmpty)
        #expect(builder.build().sessionChanged)
        #expect(SweepDecision.decide(builder.session, now: T.sec(3000)).isEmpty)
        #expect(SweepDecision.nextCheck(builder.session) == T.sec(4800))
    }

    @Test func olderHeartbeatDoesNotMoveTheClockBack() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(lastHeartbeatAt: T.sec(50)), now: T.sec(40))
        try builder.heartbeat()
        #expect(builder.session.lastHeartbeatAt == T.sec(50))
    }

    @Test(arguments: [SessionStatus.completed, .failed, .expired, .terminated, .archived])
    func endedSessionTakesNoHeartbeat(_ status: SessionStatus) {
        var builder = SessionChangeBuilder.stub(Session.stub(status: status), now: T.sec(1))
        let error = #expect(throws: SessionError.self) { try builder.heartbeat() }
        #expect(error?.code == .sessionEnded)
    }

    @Test func untouchedBuilderChangesNothing() {
        let builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        let change = builder.build()
        #expect(change.isEmpty)
        #expect(!change.sessionChanged)
    }
}

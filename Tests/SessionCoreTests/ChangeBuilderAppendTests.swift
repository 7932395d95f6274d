import Foundation
import SessionCore
import Testing

struct ChangeBuilderAppendTests {
    @Test func appendNumbersFoldsAndChains() throws {
        let created = try createSession()
        var builder = SessionChangeBuilder.stub(created.session, now: T.sec(1))
        try builder.append(
            [
                NewEvent(type: "user.prompt", data: ["text": "hi"], stateDelta: ["mode": "plan", "files": ["a.swift"]]),
                NewEvent(type: "tool.call", data: ["tool": "grep"]),
                NewEvent(type: "note", stateDelta: ["mode": "edit", "files": nil, "count": 1]),
            ],
            expectedSeq: 2,
            existing: [:]
        )
        let change = builder.build()
        #expect(change.events.map(\.seq) == [3, 4, 5])
        #expect(change.events.allSatisfy { $0.time == T.sec(1) })
        #expect(change.events.allSatisfy { $0.sessionID == IDs.session })
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
                expectedSeq: session.lastSeq,
                existing: [:]
            )
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
            [NewEvent(type: "tool.call", stateDelta: ["a": 1], idempotencyKey: "k1")],
            expectedSeq: 2,
            existing: ["k1": stored]
        )
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
            expectedSeq: 3,
            existing: ["k1": stored]
        )
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
                [NewEvent(type: "a", idempotencyKey: "k"), NewEvent(type: "a", idempotencyKey: "k")],
                expectedSeq: nil,
                existing: [:]
            )
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
            type: "tool.call",
            data: ["x": 1],
            source: "cli",
            idempotencyKey: "key",
            correlationID: "corr",
            causationID: "cause",
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
            spanID: "00f067aa0ba902b7"
        )
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

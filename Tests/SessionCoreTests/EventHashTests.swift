import Foundation
import SessionCore
import Testing

/// A session's first nine events, as the builder writes them: created, started, six client events, one undo.
func makeChain() throws -> (session: Session, events: [SessionEvent]) {
    let created = try createSession()
    var builder = SessionChangeBuilder.stub(created.session, now: T.sec(1))
    try builder.append(
        [
            NewEvent(type: "user.prompt", data: ["text": "hello"], stateDelta: ["mode": "plan"], idempotencyKey: "k1"),
            NewEvent(type: "tool.call", data: ["tool": "grep", "args": ["-n", "x"]], source: "cli"),
            NewEvent(type: "tool.result", data: ["ok": true], stateDelta: ["files": ["a.swift"]], correlationID: "c1"),
            NewEvent(type: "llm.response", data: ["tokens": 42, "cost_usd": 0.01], traceID: "t", spanID: "s"),
            NewEvent(type: "error", data: ["message": "boom"], causationID: "e1"),
            NewEvent(type: "note", stateDelta: ["mode": "edit"]),
        ],
        expectedSeq: 2,
        existing: [:]
    )
    let last = try #require(builder.events.last)
    try builder.undo(last)
    return (builder.session, created.events + builder.events)
}

/// Ways to tamper with a stored event.
enum Tamper: String, CaseIterable, Sendable {
    case data, type, time, id, sessionID, stateDelta, inverseDelta, source, idempotencyKey, correlationID, causationID
    case traceID, spanID, hash

    func apply(to event: inout SessionEvent) {
        switch self {
        case .data: event.data = ["tampered": true]
        case .type: event.type += ".x"
        case .time: event.time = event.time.adding(.milliseconds(1))
        case .id: event.id = IDs.event
        case .sessionID: event.sessionID = IDs.parent
        case .stateDelta: event.stateDelta = ["evil": 1]
        case .inverseDelta: event.inverseDelta = ["evil": nil]
        case .source: event.source = "forged"
        case .idempotencyKey: event.idempotencyKey = "other"
        case .correlationID: event.correlationID = "other"
        case .causationID: event.causationID = "other"
        case .traceID: event.traceID = "other"
        case .spanID: event.spanID = "other"
        case .hash: event.hash = String(repeating: "f", count: 64)
        }
    }
}

struct EventHashTests {
    @Test func builtChainVerifies() throws {
        let (session, events) = try makeChain()
        #expect(events.count == 9)
        let verification = EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1)
        #expect(verification.isIntact)
        #expect(verification.checked == 9)
        #expect(verification.firstBrokenSeq == nil)
        #expect(verification.problem == nil)
        #expect(verification.lastHash == session.lastHash)
        #expect(Set(events.map(\.hash)).count == events.count)
        for (previous, event) in zip([EventHash.genesis] + events.map(\.hash), events) {
            #expect(event.hash == EventHash.compute(event, previous: previous))
        }
    }

    @Test func emptyRunIsIntact() {
        let verification = EventHash.verify([SessionEvent](), after: "abc", expectedSeq: 7)
        #expect(verification.isIntact)
        #expect(verification.checked == 0)
        #expect(verification.lastHash == "abc")
    }

    @Test func aRunFromTheMiddleVerifies() throws {
        let (_, events) = try makeChain()
        let verification = EventHash.verify(Array(events[4...]), after: events[3].hash, expectedSeq: 5)
        #expect(verification.isIntact)
        #expect(verification.checked == 5)
        let wrongStart = EventHash.verify(Array(events[4...]), after: events[2].hash, expectedSeq: 5)
        #expect(wrongStart.firstBrokenSeq == 5)
    }

    @Test(arguments: Tamper.allCases, [1, 3, 5, 9])
    func tamperingIsDetectedAtItsSeq(_ tamper: Tamper, _ seq: Int) throws {
        var (_, events) = try makeChain()
        tamper.apply(to: &events[seq - 1])
        let verification = EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1)
        #expect(verification.firstBrokenSeq == Int64(seq))
        #expect(verification.checked == Int64(seq - 1))
        #expect(verification.problem == "hash does not match its content and link")
        #expect(verification.lastHash == (seq == 1 ? EventHash.genesis : events[seq - 2].hash))
        #expect(!verification.isIntact)
    }

    @Test(arguments: [1, 4, 9])
    func changedPositionIsNotTampering(_ seq: Int) throws {
        var (_, events) = try makeChain()
        events[seq - 1].position = 12_345
        #expect(EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1).isIntact)
    }

    @Test(arguments: [1, 4, 9])
    func renumberedEventIsDetected(_ seq: Int) throws {
        var (_, events) = try makeChain()
        events[seq - 1].seq = 100
        let verification = EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1)
        #expect(verification.firstBrokenSeq == Int64(seq))
        #expect(verification.problem == "missing event \(seq)")
    }

    @Test(arguments: [1, 5, 8])
    func removedEventIsDetected(_ seq: Int) throws {
        var (_, events) = try makeChain()
        events.remove(at: seq - 1)
        let verification = EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1)
        #expect(verification.firstBrokenSeq == Int64(seq))
        #expect(verification.problem == "missing event \(seq)")
    }

    @Test func swappedEventsAreDetected() throws {
        var (_, events) = try makeChain()
        events.swapAt(3, 4)
        #expect(EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1).firstBrokenSeq == 4)
    }

    /// An attacker rewrites an event and recomputes its hash: the next event's link breaks.
    @Test(arguments: [1, 4, 8])
    func rewrittenEventBreaksTheNextLink(_ seq: Int) throws {
        var (_, events) = try makeChain()
        let previous = seq == 1 ? EventHash.genesis : events[seq - 2].hash
        events[seq - 1].data = ["rewritten": true]
        events[seq - 1].hash = EventHash.compute(events[seq - 1], previous: previous)
        let verification = EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1)
        #expect(verification.firstBrokenSeq == Int64(seq + 1))
        #expect(verification.checked == Int64(seq))
    }

    /// Rewriting the last event keeps the run consistent, but its hash no longer matches the session's `last_hash`.
    @Test func rewrittenLastEventIsCaughtByTheSessionHash() throws {
        let chain = try makeChain()
        var events = chain.events
        events[8].data = ["rewritten": true]
        events[8].hash = EventHash.compute(events[8], previous: events[7].hash)
        let verification = EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1)
        #expect(verification.isIntact)
        #expect(verification.lastHash != chain.session.lastHash)
    }

    static let fullEvent = SessionEvent(
        id: IDs.event,
        sessionID: IDs.session,
        seq: 1,
        position: 99,
        type: "tool.call",
        time: T.t0,
        data: ["tool": "grep", "args": ["-n", "x"]],
        stateDelta: ["a": 1],
        inverseDelta: ["a": nil],
        source: "cli",
        idempotencyKey: "k1",
        correlationID: "corr-1",
        causationID: "cause-1",
        traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
        spanID: "00f067aa0ba902b7",
        hash: "ignored"
    )

    @Test func canonicalFormIsSortedCompactJSONWithoutPositionAndHash() {
        let text = String(decoding: EventHash.canonicalForm(of: Self.fullEvent, previous: EventHash.genesis), as: UTF8.self)
        #expect(
            text
                == #"{"causation_id":"cause-1","correlation_id":"corr-1","data":{"args":["-n","x"],"tool":"grep"},"id":"018bcfe5-6800-7abc-9def-0123456789ab","idempotency_key":"k1","inverse_delta":{"a":null},"prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"session_id":"018bcfe5-6800-7000-8000-000000000001","source":"cli","span_id":"00f067aa0ba902b7","state_delta":{"a":1},"time":1700000000000,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","type":"tool.call"}"#
        )
        let minimal = SessionEvent(id: IDs.event, sessionID: IDs.session, seq: 1, type: "note", time: T.t0)
        #expect(
            String(decoding: EventHash.canonicalForm(of: minimal, previous: EventHash.genesis), as: UTF8.self)
                == #"{"data":{},"id":"018bcfe5-6800-7abc-9def-0123456789ab","prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"session_id":"018bcfe5-6800-7000-8000-000000000001","time":1700000000000,"type":"note"}"#
        )
    }

    /// Known vectors: SHA-256 of the canonical forms above (checked with `sha256sum`).
    @Test func knownVectorsAreStable() {
        #expect(
            EventHash.compute(Self.fullEvent, previous: EventHash.genesis)
                == "47613566f08e881e21483f6a07c002824a11b00be6e429f187e6bf3a89f96b0a"
        )
        let minimal = SessionEvent(id: IDs.event, sessionID: IDs.session, seq: 1, type: "note", time: T.t0)
        #expect(
            EventHash.compute(minimal, previous: EventHash.genesis)
                == "addc6407af4771b0bc339d04a6146b97a30ef11f4db1160fadaed96f01bd19a6"
        )
    }

    @Test func hashIsSixtyFourLowercaseHexAndDependsOnTheLink() throws {
        let (_, events) = try makeChain()
        let hex = Set("0123456789abcdef")
        for event in events {
            #expect(event.hash.count == 64)
            #expect(event.hash.allSatisfy(hex.contains))
        }
        #expect(EventHash.genesis == String(repeating: "0", count: 64))
        let a = EventHash.compute(Self.fullEvent, previous: EventHash.genesis)
        let b = EventHash.compute(Self.fullEvent, previous: String(repeating: "1", count: 64))
        #expect(a != b)
        var moved = Self.fullEvent
        moved.position = 1
        moved.hash = "other"
        #expect(EventHash.compute(moved, previous: EventHash.genesis) == a)
    }
}

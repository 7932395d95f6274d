import SessionCore
import Testing

/// Each engine operation reports what it did as typed facts, next to the events it writes.
struct SessionFactTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var status: SessionStatus
        var operation: @Sendable (inout SessionChangeBuilder) throws -> Void
        var facts: [SessionFact]
    }

    static let cases: [Case] = [
        Case(description: "end", status: .active, operation: { try $0.transition(.end, reason: "done") }, facts: [
            .transitioned(SessionTransition(from: .active, to: .completed, trigger: .end, reason: "done")),
            .ended(trigger: .end, outcome: .ok),
        ]),
        Case(description: "fail without a reason", status: .idle, operation: { try $0.transition(.fail) }, facts: [
            .transitioned(SessionTransition(from: .idle, to: .failed, trigger: .fail, reason: "client_failed")),
            .ended(trigger: .fail, outcome: .errored),
        ]),
        Case(description: "suspend", status: .active, operation: { try $0.transition(.suspend) }, facts: [
            .transitioned(SessionTransition(from: .active, to: .suspended, trigger: .suspend, reason: nil))
        ]),
        Case(description: "activity on an idle session", status: .idle, operation: { try $0.append([NewEvent(type: "tool.call")], expectedSeq: nil, existing: [:]) }, facts: [
            .transitioned(SessionTransition(from: .idle, to: .active, trigger: .activity, reason: nil))
        ]),
        Case(description: "activity on an active session", status: .active, operation: { try $0.append([NewEvent(type: "tool.call")], expectedSeq: nil, existing: [:]) }, facts: []),
        Case(description: "recover", status: .suspended, operation: { _ = try $0.recover() }, facts: [
            .transitioned(SessionTransition(from: .suspended, to: .active, trigger: .resume, reason: nil)), .recovered,
        ]),
        Case(description: "heartbeat", status: .active, operation: { try $0.heartbeat() }, facts: []),
    ]

    @Test(arguments: cases)
    func operationReportsItsFacts(_ c: Case) throws {
        var builder = SessionChangeBuilder(session: .stub(status: c.status, createdAt: T.t0, lastActivityAt: T.t0), now: T.sec(1))
        try c.operation(&builder)
        #expect(builder.build().facts == c.facts)
    }

    @Test func createReportsCreationAndStart() throws {
        let change = try createSession()
        #expect(change.facts == [.created, .transitioned(SessionTransition(from: .initializing, to: .active, trigger: .start, reason: nil))])
        #expect(!change.ended)
    }

    @Test func sweepReportsWarningsAndExpiry() throws {
        // An idle session past 50 % of its idle budget (default expire after 1 h): one warning.
        let idle = Session.stub(status: .idle, createdAt: T.t0, lastActivityAt: T.t0)
        var warned = SessionChangeBuilder(session: idle, now: T.sec(1900))
        let decision = try warned.sweep()
        let warning = try #require(decision.warning)
        #expect(warned.build().facts == [.warned(warning)])

        var expired = SessionChangeBuilder(session: idle, now: T.sec(3 * 3600))
        try expired.sweep()
        let change = expired.build()
        #expect(change.transitions.map(\.to) == [.expired])
        #expect(change.ended)
    }
}

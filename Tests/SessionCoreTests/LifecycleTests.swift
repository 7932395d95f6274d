import Foundation
import SessionCore
import Testing

/// What a trigger does to a status.
enum Move: Sendable, Hashable, CustomStringConvertible {
    /// Legal: the status becomes this one.
    case to(SessionStatus)
    /// Legal: the status stays as it is (`target` returns nil).
    case stays
    /// Illegal: `invalid_transition`.
    case illegal

    var description: String {
        switch self {
        case .to(let s): "-> \(s.rawValue)"
        case .stays: "stays"
        case .illegal: "illegal"
        }
    }
}

/// The complete transition table of DESIGN.md's lifecycle.
///
/// Columns in this order (asserted against `Trigger.allCases` below):
/// start, activity, idle_timeout, suspend, resume, end, fail, heartbeat_lost, stale, expire, terminate, parent_closed, archive, reopen
enum LifecycleTable {
    static let columns: [SessionLifecycle.Trigger] = [
        .start, .activity, .idleTimeout, .suspend, .resume, .end, .fail, .heartbeatLost, .stale, .expire, .terminate,
        .parentClosed, .archive, .reopen,
    ]

    private static let x = Move.illegal
    private static let stay = Move.stays
    private static let A = Move.to(.active)
    private static let I = Move.to(.idle)
    private static let S = Move.to(.suspended)
    private static let C = Move.to(.completed)
    private static let F = Move.to(.failed)
    private static let E = Move.to(.expired)
    private static let T = Move.to(.terminated)
    private static let R = Move.to(.archived)

    static let rows: [SessionStatus: [Move]] = [
        // columns: start, activity, idle_timeout, suspend, resume, end, fail, heartbeat_lost, stale, expire, terminate,
        // parent_closed, archive, reopen
        .initializing: [A, A, x, x, x, C, F, F, F, E, T, T, x, x],
        .active: [x, stay, I, S, x, C, F, F, F, E, T, T, x, x],
        .idle: [x, A, x, S, x, C, F, F, F, E, T, T, x, x],
        .suspended: [x, stay, x, x, A, C, F, F, F, E, T, T, x, x],
        .completed: [x, x, x, x, x, x, x, x, x, x, x, x, R, A],
        .failed: [x, x, x, x, x, x, x, x, x, x, x, x, R, A],
        .expired: [x, x, x, x, x, x, x, x, x, x, x, x, R, A],
        .terminated: [x, x, x, x, x, x, x, x, x, x, x, x, R, A],
        .archived: [x, x, x, x, x, x, x, x, x, x, x, x, x, x],
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var status: SessionStatus
        var trigger: SessionLifecycle.Trigger
        var move: Move
        var testDescription: String { "\(status.rawValue) + \(trigger.rawValue) \(move)" }
    }

    static let cases: [Case] = SessionStatus.allCases.flatMap { status in
        zip(columns, rows[status] ?? []).map { Case(status: status, trigger: $0, move: $1) }
    }
}

struct LifecycleTests {
    @Test func tableCoversEveryStatusAndTrigger() {
        #expect(LifecycleTable.columns == SessionLifecycle.Trigger.allCases)
        #expect(Set(LifecycleTable.rows.keys) == Set(SessionStatus.allCases))
        for status in SessionStatus.allCases {
            #expect(LifecycleTable.rows[status]?.count == SessionLifecycle.Trigger.allCases.count, "row \(status)")
        }
        #expect(LifecycleTable.cases.count == SessionStatus.allCases.count * SessionLifecycle.Trigger.allCases.count)
        #expect(LifecycleTable.cases.count == 126)
    }

    @Test(arguments: LifecycleTable.cases)
    func transition(_ c: LifecycleTable.Case) throws {
        switch c.move {
        case .to(let expected):
            #expect(try SessionLifecycle.target(from: c.status, on: c.trigger) == expected)
        case .stays:
            #expect(try SessionLifecycle.target(from: c.status, on: c.trigger) == nil)
        case .illegal:
            let error = #expect(throws: SessionError.self) { try SessionLifecycle.target(from: c.status, on: c.trigger) }
            #expect(error?.code == .invalidTransition)
            #expect(error?.message.contains(c.status.rawValue) == true)
            #expect(error?.message.contains(c.trigger.rawValue) == true)
        }
    }

    @Test(arguments: SessionStatus.allCases)
    func endedSessionsOnlyArchiveOrReopen(_ status: SessionStatus) throws {
        guard status.hasEnded else { return }
        for trigger in SessionLifecycle.Trigger.allCases where trigger != .archive && trigger != .reopen {
            #expect(throws: SessionError.self) { try SessionLifecycle.target(from: status, on: trigger) }
        }
    }

    @Test(arguments: [
        (SessionStatus.initializing, true), (.active, true), (.idle, true), (.suspended, true),
        (.completed, false), (.failed, false), (.expired, false), (.terminated, false), (.archived, false),
    ])
    func liveness(_ status: SessionStatus, _ live: Bool) {
        #expect(status.isLive == live)
        #expect(status.hasEnded == !live)
        #expect(SessionStatus.live.contains(status) == live)
    }

    @Test(arguments: [
        (SessionLifecycle.Trigger.start, "start"), (.activity, "activity"), (.idleTimeout, "idle_timeout"),
        (.suspend, "suspend"), (.resume, "resume"), (.end, "end"), (.fail, "fail"), (.heartbeatLost, "heartbeat_lost"),
        (.stale, "stale"), (.expire, "expire"), (.terminate, "terminate"), (.parentClosed, "parent_closed"),
        (.archive, "archive"),
    ])
    func triggerRawValues(_ trigger: SessionLifecycle.Trigger, _ raw: String) {
        #expect(trigger.rawValue == raw)
        #expect(SessionLifecycle.Trigger(rawValue: raw) == trigger)
    }

    /// The outcome of every reachable end, and none for statuses that are not an end.
    @Test(arguments: [
        (SessionStatus.completed, SessionLifecycle.Trigger.end, SessionOutcome?.some(.ok)),
        (.failed, .fail, .errored),
        (.failed, .heartbeatLost, .crashed),
        (.failed, .stale, .crashed),
        (.expired, .expire, .abandoned),
        (.terminated, .terminate, .abandoned),
        (.terminated, .parentClosed, .abandoned),
        (.initializing, .start, nil),
        (.active, .activity, nil),
        (.idle, .idleTimeout, nil),
        (.suspended, .suspend, nil),
        (.archived, .archive, nil),
    ])
    func outcome(_ status: SessionStatus, _ trigger: SessionLifecycle.Trigger, _ expected: SessionOutcome?) {
        #expect(SessionLifecycle.outcome(of: status, trigger: trigger) == expected)
    }

    /// Every legal ending move from the table gets an outcome; nothing else does.
    @Test func everyEndingMoveHasAnOutcome() throws {
        for c in LifecycleTable.cases {
            guard case .to(let target) = c.move else { continue }
            let outcome = SessionLifecycle.outcome(of: target, trigger: c.trigger)
            if c.status.isLive && target.hasEnded {
                #expect(outcome != nil, "\(c.testDescription)")
            } else {
                #expect(outcome == nil, "\(c.testDescription)")
            }
        }
    }

    @Test(arguments: [
        (SessionLifecycle.Trigger.end, "completed"), (.fail, "client_failed"), (.heartbeatLost, "heartbeat_lost"),
        (.stale, "timeout"), (.expire, "idle_timeout"), (.terminate, "terminated"), (.parentClosed, "parent_closed"),
        (.start, "start"), (.activity, "activity"), (.idleTimeout, "idle_timeout"), (.suspend, "suspend"),
        (.resume, "resume"), (.archive, "archive"),
    ])
    func defaultReason(_ trigger: SessionLifecycle.Trigger, _ reason: String) {
        #expect(SessionLifecycle.defaultReason(for: trigger) == reason)
    }

    /// The builder runs the same table: each legal move records one `session.state_changed`.
    @Test(arguments: LifecycleTable.cases)
    func builderFollowsTheTable(_ c: LifecycleTable.Case) throws {
        var session = Session.stub(status: c.status)
        if c.status.hasEnded { session.endedAt = T.t0 }
        var builder = SessionChangeBuilder.stub(session, now: T.sec(10))
        switch c.move {
        case .to(let target):
            #expect(try builder.transition(c.trigger) == true)
            #expect(builder.session.status == target)
            let changed = try #require(builder.events.first)
            #expect(changed.type == "session.state_changed")
            #expect(changed.data["from"] == .string(c.status.rawValue))
            #expect(changed.data["to"] == .string(target.rawValue))
            #expect(changed.data["trigger"] == .string(c.trigger.rawValue))
            if c.status.isLive && target.hasEnded {
                #expect(changed.data["reason"] == .string(SessionLifecycle.defaultReason(for: c.trigger)))
                #expect(builder.events.map(\.type) == ["session.state_changed", "session.ended"])
            } else {
                #expect(changed.data["reason"] == nil)
                #expect(builder.events.count == 1)
            }
        case .stays:
            #expect(try builder.transition(c.trigger) == false)
            #expect(builder.session.status == c.status)
            #expect(builder.events.isEmpty)
        case .illegal:
            let error = #expect(throws: SessionError.self) { try builder.transition(c.trigger) }
            #expect(error?.code == .invalidTransition)
            #expect(builder.events.isEmpty)
            #expect(builder.session.status == c.status)
        }
    }
}

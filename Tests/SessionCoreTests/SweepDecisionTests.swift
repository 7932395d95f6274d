import Foundation
import SessionCore
import Testing

struct SweepCase: Sendable, CustomTestStringConvertible {
    var name: String
    var status: SessionStatus
    /// Seconds after `T.t0` (creation).
    var activity: Int64 = 0
    var heartbeat: Int64? = nil
    var policy: SessionPolicy = Policies.standard
    var warningsSent: Int = 0
    /// Milliseconds after `T.t0`.
    var nowMs: Int64
    var expected: String

    var testDescription: String { name }

    var session: Session {
        Session.stub(
            status: status,
            lastActivityAt: T.sec(activity),
            lastHeartbeatAt: heartbeat.map(T.sec),
            policy: policy,
            warningsSent: warningsSent
        )
    }
    var now: Timestamp { T.at(nowMs) }

    static let all: [SweepCase] =
        [
            // Going idle: activity only, at exactly idle_after.
            SweepCase(name: "active before idle_after", status: .active, nowMs: 299_999, expected: ""),
            SweepCase(name: "active at idle_after", status: .active, nowMs: 300_000, expected: "idle"),
            SweepCase(name: "active, later activity", status: .active, activity: 100, nowMs: 399_999, expected: ""),
            SweepCase(name: "active, later activity, idle", status: .active, activity: 100, nowMs: 400_000, expected: "idle"),
            SweepCase(name: "idle stays idle", status: .idle, nowMs: 300_000, expected: ""),
            SweepCase(name: "initializing never goes idle", status: .initializing, nowMs: 600_000, expected: ""),
            SweepCase(
                name: "heartbeats do not keep it active",
                status: .active,
                heartbeat: 299,
                nowMs: 300_000,
                expected: "idle"
            ),
            // A conversation store's session never expires: it idles and waits, with no warning.
            SweepCase(name: "never expires: idles", status: .active, policy: SessionPolicy(expireAfter: nil), nowMs: 300_000, expected: "idle"),
            SweepCase(
                name: "never expires: a year idle", status: .idle, policy: SessionPolicy(expireAfter: nil), nowMs: 31_536_000_000, expected: ""),
            // Warnings at 50%, 80%, 95% of expire_after since the last sign of life.
            SweepCase(name: "before the first warning", status: .idle, nowMs: 1_799_999, expected: ""),
            SweepCase(name: "first warning", status: .idle, nowMs: 1_800_000, expected: "warn0"),
            SweepCase(name: "first warning already sent", status: .idle, warningsSent: 1, nowMs: 2_879_999, expected: ""),
            SweepCase(name: "second warning", status: .idle, warningsSent: 1, nowMs: 2_880_000, expected: "warn1"),
            SweepCase(name: "missed points: newest only", status: .idle, nowMs: 2_880_000, expected: "warn1"),
            SweepCase(name: "third warning", status: .idle, warningsSent: 2, nowMs: 3_420_000, expected: "warn2"),
            SweepCase(name: "all warnings sent", status: .idle, warningsSent: 3, nowMs: 3_599_999, expected: ""),
            SweepCase(name: "active past idle and 50%", status: .active, nowMs: 1_800_000, expected: "idle+warn0"),
            SweepCase(name: "initializing warns too", status: .initializing, nowMs: 1_800_000, expected: "warn0"),
            SweepCase(
                name: "heartbeat pushes warnings back",
                status: .idle,
                heartbeat: 1000,
                nowMs: 2_799_999,
                expected: ""
            ),
            SweepCase(
                name: "heartbeat-relative warning",
                status: .idle,
                heartbeat: 1000,
                nowMs: 2_800_000,
                expected: "warn0"
            ),
            SweepCase(name: "no warning points", status: .idle, policy: Policies.noWarnings, nowMs: 3_599_999, expected: ""),
            // Expiry at expire_after without activity or heartbeat.
            SweepCase(
                name: "idle expires",
                status: .idle,
                warningsSent: 3,
                nowMs: 3_600_000,
                expected: "expire:idle_timeout"
            ),
            SweepCase(name: "active expires (never swept)", status: .active, nowMs: 3_600_000, expected: "expire:idle_timeout"),
            SweepCase(name: "initializing expires", status: .initializing, nowMs: 3_600_000, expected: "expire:idle_timeout"),
            SweepCase(
                name: "heartbeat keeps it from expiring",
                status: .idle,
                heartbeat: 3000,
                warningsSent: 0,
                nowMs: 3_600_000,
                expected: ""
            ),
            // Heartbeats: three missed intervals.
            SweepCase(name: "two and a bit missed", status: .active, policy: Policies.heartbeat10s, nowMs: 29_999, expected: ""),
            SweepCase(
                name: "three missed",
                status: .active,
                policy: Policies.heartbeat10s,
                nowMs: 30_000,
                expected: "heartbeat_lost:heartbeat_lost"
            ),
            SweepCase(
                name: "heartbeat restarts the count",
                status: .active,
                heartbeat: 25,
                policy: Policies.heartbeat10s,
                nowMs: 54_999,
                expected: ""
            ),
            SweepCase(
                name: "three missed after a heartbeat",
                status: .active,
                heartbeat: 25,
                policy: Policies.heartbeat10s,
                nowMs: 55_000,
                expected: "heartbeat_lost:heartbeat_lost"
            ),
            SweepCase(
                name: "activity counts as a sign of life",
                status: .active,
                activity: 25,
                heartbeat: 5,
                policy: Policies.heartbeat10s,
                nowMs: 54_999,
                expected: ""
            ),
            SweepCase(
                name: "idle session loses heartbeat",
                status: .idle,
                policy: Policies.heartbeat10s,
                nowMs: 30_000,
                expected: "heartbeat_lost:heartbeat_lost"
            ),
            SweepCase(
                name: "heartbeat lost wins over idle_timeout",
                status: .idle,
                policy: Policies.heartbeat20min,
                nowMs: 3_600_000,
                expected: "heartbeat_lost:heartbeat_lost"
            ),
            // Max duration: whatever the activity, suspended included.
            SweepCase(
                name: "before max duration",
                status: .active,
                activity: 7199,
                policy: Policies.max2h,
                nowMs: 7_199_999,
                expected: ""
            ),
            SweepCase(
                name: "max duration",
                status: .active,
                activity: 7199,
                policy: Policies.max2h,
                nowMs: 7_200_000,
                expected: "expire:max_duration"
            ),
            SweepCase(
                name: "max duration wins over heartbeat lost",
                status: .active,
                policy: Policies.maxAndHeartbeat,
                nowMs: 60_000,
                expected: "expire:max_duration"
            ),
            // Suspended: exempt from everything but max duration.
            SweepCase(name: "suspended is exempt", status: .suspended, nowMs: 100_000_000, expected: ""),
            SweepCase(
                name: "suspended ignores heartbeats",
                status: .suspended,
                policy: Policies.heartbeat10s,
                nowMs: 100_000_000,
                expected: ""
            ),
            SweepCase(
                name: "suspended past max duration",
                status: .suspended,
                policy: Policies.max2h,
                nowMs: 7_200_000,
                expected: "expire:max_duration"
            ),
        ]
        // Ended sessions: nothing, whatever the time and policy.
        + [SessionStatus.completed, .failed, .expired, .terminated, .archived].map {
            SweepCase(
                name: "\($0.rawValue) is left alone",
                status: $0,
                policy: Policies.maxAndHeartbeat,
                nowMs: 100_000_000,
                expected: ""
            )
        }
}

struct SweepDecisionTests {
    @Test(arguments: SweepCase.all)
    func decide(_ c: SweepCase) {
        let decision = SweepDecision.decide(c.session, now: c.now)
        #expect(summary(decision) == c.expected)
        #expect(decision.isEmpty == c.expected.isEmpty)
    }

    /// Sweeping applies the decision; deciding again at the same `now` finds nothing left.
    @Test(arguments: SweepCase.all)
    func sweepIsIdempotent(_ c: SweepCase) throws {
        var builder = SessionChangeBuilder.stub(c.session, now: c.now)
        let applied = try builder.sweep()
        #expect(summary(applied) == c.expected)
        let again = SweepDecision.decide(builder.session, now: c.now)
        #expect(again.isEmpty, "left: \(summary(again))")

        var second = SessionChangeBuilder.stub(builder.session, now: c.now)
        try second.sweep()
        #expect(second.events.isEmpty)
        #expect(second.build().isEmpty)
    }

    /// What a sweep writes for each kind of decision.
    @Test(arguments: SweepCase.all)
    func sweepWrites(_ c: SweepCase) throws {
        var builder = SessionChangeBuilder.stub(c.session, now: c.now)
        let decision = try builder.sweep()
        let types = builder.events.map(\.type)
        if let end = decision.end {
            #expect(types == ["session.state_changed", "session.ended"])
            #expect(builder.session.status == (end.trigger == .expire ? .expired : .failed))
            #expect(builder.session.endReason == end.reason)
            #expect(builder.session.endedAt == c.now)
            #expect(builder.session.outcome == (end.trigger == .expire ? .abandoned : .crashed))
        } else {
            var expected: [String] = []
            if decision.goIdle { expected.append("session.state_changed") }
            if decision.warning != nil { expected.append("session.timeout_warning") }
            #expect(types == expected)
            #expect(builder.session.status == (decision.goIdle ? .idle : c.status))
            #expect(builder.session.lastActivityAt == c.session.lastActivityAt, "a sweep is not activity")
        }
        #expect(builder.session.counters.events == 0, "engine events are not counted")
    }

    @Test func warningCarriesFractionAndExpiry() throws {
        let session = Session.stub(status: .idle, lastActivityAt: T.sec(100))
        let now = T.sec(100 + 2900)
        let decision = SweepDecision.decide(session, now: now)
        let warning = try #require(decision.warning)
        #expect(warning.pointIndex == 1)
        #expect(warning.fraction == 0.8)
        #expect(warning.expiresAt == T.sec(3700))

        var builder = SessionChangeBuilder.stub(session, now: now)
        try builder.sweep()
        let event = try #require(builder.events.first)
        #expect(event.type == "session.timeout_warning")
        #expect(event.data["fraction"] == .double(0.8))
        #expect(event.data["expires_at"] == .int(T.sec(3700).milliseconds))
        #expect(event.data["remaining_ms"] == .int(700_000))
        #expect(builder.session.tracking.warningsSent == 2)
    }

    @Test func warningOffsetsRoundUp() {
        // 1001 ms * 0.5 = 500.5 ms: the point is passed at 501 ms, not 500.
        let policy = SessionPolicy(idleAfter: .seconds(10), expireAfter: .milliseconds(1001), warnAt: [0.5])
        let session = Session.stub(status: .idle, policy: policy)
        #expect(summary(SweepDecision.decide(session, now: T.at(500))) == "")
        #expect(summary(SweepDecision.decide(session, now: T.at(501))) == "warn0")
        #expect(SweepDecision.nextCheck(session) == T.at(501))
    }

    @Test(arguments: [
        ("fresh active: idle_after", Session.stub(status: .active), Optional(T.sec(300))),
        ("active, later activity", Session.stub(status: .active, lastActivityAt: T.sec(50)), T.sec(350)),
        ("idle: first warning", Session.stub(status: .idle), T.sec(1800)),
        ("idle: second warning", Session.stub(status: .idle, warningsSent: 1), T.sec(2880)),
        ("idle: third warning", Session.stub(status: .idle, warningsSent: 2), T.sec(3420)),
        ("idle: expiry", Session.stub(status: .idle, warningsSent: 3), T.sec(3600)),
        ("idle, no warnings: expiry", Session.stub(status: .idle, policy: Policies.noWarnings), T.sec(3600)),
        ("idle after heartbeat", Session.stub(status: .idle, lastHeartbeatAt: T.sec(100)), T.sec(1900)),
        ("heartbeat interval", Session.stub(status: .active, policy: Policies.heartbeat10s), T.sec(30)),
        ("heartbeat after a heartbeat", Session.stub(status: .idle, lastHeartbeatAt: T.sec(5), policy: Policies.heartbeat10s), T.sec(35)),
        ("heartbeat before max duration", Session.stub(status: .active, policy: Policies.maxAndHeartbeat), T.sec(30)),
        ("max duration before expiry", Session.stub(status: .idle, lastHeartbeatAt: T.sec(7000), policy: Policies.max2h), T.sec(7200)),
        ("initializing: first warning", Session.stub(status: .initializing), T.sec(1800)),
        ("suspended: never", Session.stub(status: .suspended, policy: Policies.heartbeat10s), nil),
        ("suspended: max duration", Session.stub(status: .suspended, policy: Policies.max2h), T.sec(7200)),
        ("completed: never", Session.stub(status: .completed, policy: Policies.maxAndHeartbeat), nil),
        ("archived: never", Session.stub(status: .archived), nil),
    ])
    func nextCheck(_ name: String, _ session: Session, _ expected: Timestamp?) {
        #expect(SweepDecision.nextCheck(session) == expected, "\(name)")
    }

    /// `nextCheck` is exact: nothing to do a millisecond before, something at it.
    @Test(arguments: [
        Session.stub(status: .active), Session.stub(status: .idle), Session.stub(status: .idle, warningsSent: 2),
        Session.stub(status: .active, policy: Policies.heartbeat10s),
        Session.stub(status: .idle, lastHeartbeatAt: T.sec(77), policy: Policies.heartbeat20min),
        Session.stub(status: .suspended, policy: Policies.max2h),
        Session.stub(status: .active, lastActivityAt: T.sec(7000), policy: Policies.max2h),
        Session.stub(status: .initializing),
    ])
    func nextCheckIsExact(_ session: Session) throws {
        let next = try #require(SweepDecision.nextCheck(session))
        #expect(SweepDecision.decide(session, now: Timestamp(milliseconds: next.milliseconds - 1)).isEmpty)
        #expect(!SweepDecision.decide(session, now: next).isEmpty)
    }

    /// A session nobody touches, swept at each `nextCheck`: idle, three warnings, expired.
    @Test func untouchedSessionRunsItsCourse() throws {
        var session = try createSession().session
        var steps: [(Int64, String)] = []
        while let next = SweepDecision.nextCheck(session) {
            var builder = SessionChangeBuilder.stub(session, now: next)
            let decision = try builder.sweep()
            steps.append((next.milliseconds(since: T.t0) / 1000, summary(decision)))
            session = builder.session
            #expect(steps.count < 10)
            if steps.count >= 10 { break }
        }
        #expect(steps.map(\.0) == [300, 1800, 2880, 3420, 3600])
        #expect(steps.map(\.1) == ["idle", "warn0", "warn1", "warn2", "expire:idle_timeout"])
        #expect(session.status == .expired)
        #expect(session.endReason == "idle_timeout")
        #expect(session.outcome == .abandoned)
        #expect(session.finalMetrics?.activeMs == 300_000)
        #expect(session.finalMetrics?.idleMs == 3_300_000)
    }

    @Test func decisionsCompareByContent() {
        let session = Session.stub(status: .active)
        let a = SweepDecision.decide(session, now: T.sec(1800))
        let b = SweepDecision.decide(session, now: T.sec(1801))
        let c = SweepDecision.decide(session, now: T.sec(3600))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != c)
        #expect(SweepDecision.decide(session, now: T.sec(0)) != a)
    }
}

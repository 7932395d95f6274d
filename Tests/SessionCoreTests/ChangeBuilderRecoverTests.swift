import Foundation
import SessionCore
import Testing

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
        let session = Session.stub(status: .idle, warningsSent: 1)
        #expect(summary(SweepDecision.decide(session, now: T.sec(3000))) == "warn1")
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

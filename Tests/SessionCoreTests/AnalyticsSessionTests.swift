import Foundation
import SessionCore
import Testing

struct AnalyticsSessionTests {
    @Test func takesTheSliceOfASession() {
        var session = Session.stub(status: .failed, createdAt: T.sec(10), lastActivityAt: T.sec(40), application: "claude")
        session.userID = "alice"
        session.projectKey = "github.com/acme/api"
        session.outcome = .crashed
        session.endReason = "heartbeat_lost"
        session.endedAt = T.sec(70)
        session.counters.count(type: "tool.call", data: ["tokens": 12, "cost_usd": 0.5])
        session.counters.count(type: "error", data: [:])
        let slice = AnalyticsSession(session, eventTypes: ["tool.call": 1, "error": 1])
        #expect(slice.id == IDs.session)
        #expect(slice.application == "claude")
        #expect(slice.userID == "alice")
        #expect(slice.projectKey == "github.com/acme/api")
        #expect(slice.status == .failed)
        #expect(slice.outcome == .crashed)
        #expect(slice.endReason == "heartbeat_lost")
        #expect(slice.createdAt == T.sec(10))
        #expect(slice.endedAt == T.sec(70))
        #expect(slice.lastActivityAt == T.sec(40))
        #expect(slice.counters.events == 2)
        #expect(slice.counters.errors == 1)
        #expect(slice.counters.toolCalls == 1)
        #expect(slice.counters.tokens == 12)
        #expect(slice.counters.costUSD == 0.5)
        #expect(slice.eventTypes == ["tool.call": 1, "error": 1])
        #expect(slice.durationMs == 60_000)
    }

    @Test func liveSessionHasNoDuration() {
        let slice = AnalyticsSession(Session.stub(status: .active))
        #expect(slice.durationMs == nil)
        #expect(slice.eventTypes.isEmpty)
        #expect(slice.lastActivityAt == slice.createdAt)
    }
}

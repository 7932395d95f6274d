import Foundation
@testable import SessionCore
import Testing

/// ``AssistantSessionSummary`` and ``AssistantAnalytics`` on sessions built from events.
@Suite struct AssistantAnalyticsTests {
    static let now = Timestamp(milliseconds: 1_800_000_000_000)

    static func session(user: String, repo: String?, ended: Bool = true, outcome: SessionOutcome? = .ok) -> Session {
        var s = Session(id: UUID(), userID: user, application: "claude-code", status: ended ? .completed : .active, createdAt: Timestamp(milliseconds: now.milliseconds - 3_600_000))
        if let repo { s.labels["repo"] = repo }
        s.outcome = ended ? outcome : nil
        return s
    }

    static func event(_ s: Session, _ type: String, _ data: JSONValue, source: String = "claude-code") -> SessionEvent {
        SessionEvent(id: UUID(), sessionID: s.id, seq: 0, type: type, time: s.createdAt, data: data, source: source)
    }

    static func call(_ s: Session, _ id: String, _ tool: String, ms: Int64, failed: Bool = false) -> [SessionEvent] {
        [
            event(s, "tool.started", ["tool": .string(tool), "tool_use_id": .string(id)]),
            event(s, "tool.call", ["tool": .string(tool), "tool_use_id": .string(id), "outcome": failed ? "error" : "ok", "duration_ms": .int(ms), "paired": true]),
        ]
    }

    static func message(_ s: Session, _ id: String, model: String, input: Int64) -> SessionEvent {
        event(s, "assistant.message", ["message_id": .string(id), "model": .string(model), "usage": ["input": .int(input), "output": 0]], source: "claude-code/transcript")
    }

    @Test func slicesByModelUserRepositoryAndTool() throws {
        let a = Self.session(user: "ana", repo: "github.com/x/app")
        let b = Self.session(user: "ana", repo: "github.com/x/app", outcome: .errored)
        let c = Self.session(user: "bo", repo: nil, ended: false)
        let d = Self.session(user: "bo", repo: "github.com/x/lib")
        let summaries = [
            AssistantSessionSummary(session: a, events: Self.call(a, "a1", "Bash", ms: 100) + Self.call(a, "a2", "Bash", ms: 300, failed: true) + Self.call(a, "a3", "Read", ms: 10)
                + [Self.event(a, "assistant.stopped", [:]), Self.message(a, "m1", model: "claude-opus-4-6", input: 1_000_000)]),
            AssistantSessionSummary(session: b, events: Self.call(b, "b1", "Bash", ms: 200) + [Self.message(b, "m2", model: "claude-sonnet-4-6", input: 2_000_000)]),
            AssistantSessionSummary(session: c, events: Self.call(c, "c1", "Edit", ms: 50)),
            // A tool failing last, after the last turn that went on: not a success.
            AssistantSessionSummary(session: d, events: [Self.message(d, "m3", model: "claude-opus-4-6", input: 10)] + Self.call(d, "d1", "Bash", ms: 400, failed: true)),
        ]
        #expect(summaries.map(\.succeeded) == [true, false, false, false])
        let result = AssistantAnalytics.compute(summaries, window: try AnalyticsWindow("24h"), now: Self.now, truncated: false)
        #expect(result.totals.sessions == 4)
        #expect(result.totals.ended == 3)
        #expect(result.totals.tokens.input == 3_000_010)
        let bash = try #require(result.byTool.first)
        #expect(bash.key == "Bash")
        #expect((bash.calls, bash.errors) == (4, 2))
        #expect((bash.p50Ms, bash.p90Ms) == (200, 400))
        #expect(bash.sessions.successRate == 1.0 / 3.0)
        #expect(result.byTool.map(\.key) == ["Bash", "Edit", "Read"])
        let opus = try #require(result.byModel.first { $0.key == "claude-opus-4-6" })
        #expect((opus.sessions, opus.ended, opus.succeeded) == (2, 2, 1))
        #expect(abs(opus.costUSD - 5.00005) < 1e-9, "5 USD per million input tokens")
        #expect(result.byModel.first?.key == "claude-sonnet-4-6", "by spend, most first")
        #expect(result.byUser.map { "\($0.key) \($0.sessions)" } == ["ana 2", "bo 2"])
        let app = try #require(result.byRepository.first { $0.key == "github.com/x/app" })
        #expect(app.successRate == 0.5)
        #expect(result.byRepository.contains { $0.key == "(none)" })
        #expect(result.timeline.reduce(0) { $0 + $1.sessions } == 4)
    }

    @Test func hookAndTranscriptOfOneCallCountOnceAndTelemetryFillsIn() {
        let s = Self.session(user: "ana", repo: nil)
        let both = Self.call(s, "t1", "Bash", ms: 120) + [Self.event(s, "tool.started", ["tool": "Bash", "tool_use_id": "t1"], source: "claude-code/transcript"),
            Self.event(s, "tool.call", ["tool_use_id": "t1", "outcome": "ok", "duration_ms": 130], source: "claude-code/transcript")]
        #expect(AssistantSessionSummary(session: s, events: both).tools["Bash"] == .init(calls: 1, errors: 0, durationsMs: [120]))
        let telemetry = [Self.event(s, "telemetry.tool_result", ["tool": "Edit", "success": false, "duration_ms": 42], source: "claude-code/otel")]
        #expect(AssistantSessionSummary(session: s, events: telemetry).tools["Edit"] == .init(calls: 1, errors: 1, durationsMs: [42]))
    }

    @Test(arguments: [([Int64](), 0.5, nil as Int64?), ([7], 0.9, 7), ([1, 2, 3, 4], 0.5, 2), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9)])
    func percentiles(values: [Int64], p: Double, expected: Int64?) {
        #expect(AssistantAnalytics.percentile(values, p) == expected)
    }
}

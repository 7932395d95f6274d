import Foundation
import SessionCore
import Testing

/// The behaviour rules (``AgentBehaviour``) on activities built from events, as the evaluator
/// builds them.
@Suite struct AgentBehaviourTests {
    static let now = Timestamp(milliseconds: 1_800_000_000_000)
    static let session = Session(id: UUID(), application: "claude-code", createdAt: now)

    static func at(_ secondsAgo: Int64, _ type: String, _ data: JSONValue = [:], source: String = "claude-code") -> SessionEvent {
        SessionEvent(id: UUID(), sessionID: session.id, seq: 0, type: type, time: Timestamp(milliseconds: now.milliseconds - secondsAgo * 1000), data: data, source: source)
    }

    static func call(_ secondsAgo: Int64, id: String, tool: String = "Bash", input: JSONValue = ["command": "make"], failed: Bool? = nil) -> [SessionEvent] {
        var events = [at(secondsAgo, "tool.started", ["tool": .string(tool), "input": input, "tool_use_id": .string(id)])]
        if let failed { events.append(at(secondsAgo - 1, "tool.call", ["tool": .string(tool), "tool_use_id": .string(id), "outcome": failed ? "error" : "ok", "paired": true])) }
        return events
    }

    static func usage(_ secondsAgo: Int64, id: String, input: Int64, output: Int64) -> SessionEvent {
        at(secondsAgo, "assistant.message", ["message_id": .string(id), "model": "claude-opus-4-6", "usage": ["input": .int(input), "output": .int(output)]], source: "claude-code/transcript")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var rule: AlertRule
        var events: [SessionEvent]
        var holds: Bool
        var value: Double
        var testDescription: String { name }
    }

    /// Five different calls 30 s apart from `from` seconds ago, failing but for call `succeeding`.
    static func storm(from start: Int64, succeeding: Int? = nil) -> [SessionEvent] {
        var events: [SessionEvent] = []
        for n in 0..<5 {
            let secondsAgo = start - Int64(n) * 30
            events += call(secondsAgo, id: "f\(n)", input: .int(Int64(n)), failed: n != succeeding)
        }
        return events
    }

    /// A Codex call whose output had no exit code and whose `exec_command_end` failed.
    static func codexFailure(_ n: Int) -> [SessionEvent] {
        let secondsAgo = Int64(300 - n * 30)
        let outcome: JSONValue = ["tool_use_id": .string("c\(n)"), "outcome": "error"]
        return call(secondsAgo, id: "c\(n)", input: .int(Int64(n))) + [at(secondsAgo - 1, "tool.outcome", outcome, source: "codex/transcript")]
    }

    static let loop = (0..<5).flatMap { call(Int64(500 - $0 * 60), id: "l\($0)", failed: false) }
    static let cases: [Case] = [
        Case(name: "five same calls in 10 min: a loop", rule: .agentToolLoop, events: loop, holds: true, value: 5),
        Case(name: "four same calls: no loop", rule: .agentToolLoop, events: Array(loop.dropFirst(2)), holds: false, value: 4),
        Case(name: "five calls, one input differs: no loop", rule: .agentToolLoop,
             events: Array(loop.dropLast(2)) + call(10, id: "other", input: ["command": "make test"], failed: false), holds: false, value: 4),
        Case(name: "the same five calls spread over an hour: no loop", rule: .agentToolLoop,
             events: (0..<5).flatMap { call(Int64(3000 - $0 * 600), id: "s\($0)", failed: false) }, holds: false, value: 0),
        Case(name: "hook and transcript of one call count once", rule: .agentToolLoop,
             events: loop + call(20, id: "l4", failed: false), holds: true, value: 5),
        Case(name: "five failures in a row: a storm", rule: .agentRetryStorm,
             events: storm(from: 300), holds: true, value: 5),
        Case(name: "a success ends the streak", rule: .agentRetryStorm,
             events: storm(from: 300, succeeding: 2), holds: false, value: 2),
        Case(name: "a storm long past: resolved", rule: .agentRetryStorm,
             events: storm(from: 7200), holds: false, value: 5),
        Case(name: "Codex outcome events decide with the output's", rule: .agentRetryStorm,
             events: (0..<5).flatMap(codexFailure), holds: true, value: 5),
        Case(name: "26 USD: runaway cost", rule: .agentRunawayCost, events: [usage(60, id: "m1", input: 4_000_000, output: 240_000)], holds: true, value: 26),
        Case(name: "20 USD: under the limit", rule: .agentRunawayCost, events: [usage(60, id: "m1", input: 4_000_000, output: 0)], holds: false, value: 20),
        Case(name: "11 M tokens: runaway tokens", rule: .agentRunawayTokens, events: [usage(60, id: "m1", input: 10_000_000, output: 1_000_000)], holds: true, value: 11_000_000),
        Case(name: "6 USD in 15 min is 24 USD an hour", rule: .agentSpendRate, events: [usage(7200, id: "old", input: 10_000_000, output: 0), usage(60, id: "m1", input: 1_200_000, output: 0)], holds: true, value: 24),
        Case(name: "an old expensive message is no rate", rule: .agentSpendRate, events: [usage(7200, id: "old", input: 10_000_000, output: 0)], holds: false, value: 0),
        Case(name: "a permission request unanswered for 6 min: stuck", rule: .agentStuckPermission,
             events: call(400, id: "p1") + [at(360, "permission.requested", ["tool": "Bash"])], holds: true, value: 360),
        Case(name: "a prompt notification after the request keeps waiting", rule: .agentStuckPermission,
             events: [at(400, "permission.requested"), at(340, "assistant.notification", ["notification_type": "permission_prompt"])], holds: true, value: 400),
        Case(name: "a metric export while it waits is no answer", rule: .agentStuckPermission,
             events: [at(400, "permission.requested"), at(60, "telemetry.metric", ["name": "claude_code.active_time.total"], source: "claude-code/otel")], holds: true, value: 400),
        Case(name: "answered: not stuck", rule: .agentStuckPermission,
             events: [at(400, "permission.requested"), at(390, "tool.call", ["tool_use_id": "p1", "outcome": "ok", "paired": true])], holds: false, value: 0),
        Case(name: "waiting 2 min: not yet", rule: .agentStuckPermission, events: [at(120, "permission.requested")], holds: false, value: 120),
    ]

    @Test(arguments: cases) func rule(_ c: Case) throws {
        let activity = AgentActivity(session: Self.session, events: c.events, recentFrom: Timestamp(milliseconds: Self.now.milliseconds - c.rule.windowMs))
        let check = try #require(AgentBehaviour.check(c.rule, activity, now: Self.now))
        #expect(check.holds == c.holds, "\(check.summary)")
        #expect(abs(check.value - c.value) < 0.001, "\(check.value)")
        #expect(check.key == Self.session.id.lowercased)
        #expect(check.labels["application"] == "claude-code")
    }

    @Test func behaviourRulesAreEvaluatedOnlyWithTheirInput() {
        let rules = [AlertRule.agentToolLoop]
        #expect(AlertEvaluation.evaluate(rules: rules, inputs: AlertInputs(), now: Self.now).evaluatedRules.isEmpty)
        let activity = AgentActivity(session: Self.session, events: Self.loop)
        let evaluation = AlertEvaluation.evaluate(rules: rules, inputs: AlertInputs(agentSessions: [activity]), now: Self.now)
        #expect(evaluation.evaluatedRules == ["SessiondAgentToolLoop"])
        #expect(evaluation.checks.map(\.holds) == [true])
    }
}

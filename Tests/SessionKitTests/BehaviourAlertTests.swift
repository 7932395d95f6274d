import Foundation
import SessionCore
import SessionKit
import SessionStoreSQLite
import Synchronization
import TestSupport
import Testing

/// The behaviour rules through the alert evaluator, on sessions that hooks recorded into a real
/// SQLite store: a tool loop and a permission prompt left waiting fire, are stored and delivered,
/// and resolve when the session moves on.
struct BehaviourAlertTests {
    static func hook(_ manager: SessionManager, _ event: String, _ fields: [String: JSONValue] = [:]) async throws {
        var payload: [String: JSONValue] = ["session_id": "loop-1", "hook_event_name": .string(event), "cwd": "/tmp"]
        payload.merge(fields) { $1 }
        let hook = try AssistantHook.parse(JSONWriter.bytes(.object(payload)), kind: .claudeCode).get()
        _ = try await manager.record(hook)
    }

    @Test func aToolLoopAndAStuckPermissionPromptFireAndResolve() async throws {
        let clock = ManualClock()
        try await withTemporaryEngine(clock: clock) { manager, store in
            var rules = AlertEvaluator<ContinuousClock>.Configuration()
            rules.rules = [.agentToolLoop, .agentStuckPermission, .agentRetryStorm]
            let delivered = Mutex<[Alert]>([])
            let evaluator = AlertEvaluator(manager: manager, configuration: rules, feed: AlertFeed()) { alert in delivered.withLock { $0.append(alert) } }
            try await Self.hook(manager, "SessionStart", ["source": "startup"])
            for n in 0..<4 {
                try await Self.hook(manager, "PreToolUse", ["tool_name": "Bash", "tool_input": ["command": "npm test"], "tool_use_id": .string("t\(n)")])
                try await Self.hook(manager, "PostToolUse", ["tool_name": "Bash", "tool_input": ["command": "npm test"], "tool_use_id": .string("t\(n)"), "tool_response": ["stdout": "1 failing"]])
                clock.advance(by: .seconds(30))
            }
            #expect(try await evaluator.evaluate().isEmpty, "four calls are not a loop yet")
            try await Self.hook(manager, "PreToolUse", ["tool_name": "Bash", "tool_input": ["command": "npm test"], "tool_use_id": "t4"])
            let loop = try await evaluator.evaluate()
            #expect(loop.map(\.rule) == ["SessiondAgentToolLoop"])
            let session = try await manager.session(AssistantKind.claudeCode.reference("loop-1"))
            #expect(loop.first?.labels["session_id"] == session.id.lowercased)
            #expect(loop.first?.value == 5)

            // It asks for a permission and nobody answers for six minutes.
            try await Self.hook(manager, "PermissionRequest", ["tool_name": "Bash", "tool_input": ["command": "rm -rf build"]])
            clock.advance(by: .seconds(120))
            #expect(try await evaluator.evaluate().isEmpty)
            clock.advance(by: .seconds(240))
            let changed = try await evaluator.evaluate()
            #expect(changed.map(\.rule) == ["SessiondAgentStuckPermission"])
            #expect(try await store.alerts(state: .firing, before: nil, limit: 10).count == 2)

            // The user answers: the tool runs, the prompt alert resolves.
            try await Self.hook(manager, "PostToolUse", ["tool_name": "Bash", "tool_input": ["command": "npm test"], "tool_use_id": "t4", "tool_response": ["stdout": "ok"]])
            let resolved = try await evaluator.evaluate()
            #expect(resolved.map { "\($0.rule) \($0.state)" } == ["SessiondAgentStuckPermission resolved"])
            // Ten minutes later the loop has left the rule's window.
            clock.advance(by: .seconds(600))
            #expect(try await evaluator.evaluate().map { "\($0.rule) \($0.state)" } == ["SessiondAgentToolLoop resolved"])
            #expect(delivered.withLock { $0.map(\.state) } == [.firing, .firing, .resolved, .resolved])
        }
    }
}

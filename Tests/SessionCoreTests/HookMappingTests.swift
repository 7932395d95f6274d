import Foundation
import SessionCore
import TestSupport
import Testing

@Suite struct HookMappingTests {
    static func hook(_ event: String, _ fields: [String: JSONValue] = [:], kind: AssistantKind = .claudeCode) throws -> AssistantHook {
        var payload: [String: JSONValue] = ["session_id": "s1", "hook_event_name": .string(event), "cwd": "/p"]
        payload.merge(fields) { $1 }
        return try AssistantHook.parse(JSONWriter.bytes(.object(payload)), kind: kind).get()
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var event: String
        var fields: [String: JSONValue]
        var kind: AssistantKind = .claudeCode
        var type: String?
        var ends: Bool = false
        var testDescription: String { "\(kind.rawValue) \(event) -> \(type ?? "nothing")" }
    }

    static let cases: [Case] = [
        Case(event: "SessionStart", fields: ["source": "resume", "model": "claude-opus-4-6"], type: "assistant.session_started"),
        Case(event: "SessionEnd", fields: ["reason": "prompt_input_exit"], type: "assistant.session_ended", ends: true),
        Case(event: "UserPromptSubmit", fields: ["prompt": "hi"], type: "user.prompt"),
        Case(event: "PreToolUse", fields: ["tool_name": "Bash", "tool_input": ["command": "ls"]], type: "tool.started"),
        Case(event: "PostToolUse", fields: ["tool_name": "Bash", "tool_input": ["command": "ls"], "tool_response": ["stdout": ""]], type: "tool.call"),
        Case(event: "PostToolUseFailure", fields: ["tool_name": "Bash", "error": "boom"], type: "tool.call"),
        Case(event: "PermissionRequest", fields: ["tool_name": "Bash"], type: "permission.requested"),
        Case(event: "Notification", fields: ["notification_type": "permission_prompt", "message": "?"], type: "assistant.notification"),
        Case(event: "Stop", fields: [:], type: "assistant.stopped"),
        Case(event: "StopFailure", fields: ["error": "rate_limit"], type: "assistant.stop_failed"),
        Case(event: "PreCompact", fields: ["trigger": "auto"], type: "context.compacting"),
        Case(event: "PostCompact", fields: ["trigger": "manual"], kind: .codex, type: "context.compacted"),
        Case(event: "FutureEvent", fields: ["x": 1], type: "hook.FutureEvent"),
        Case(event: "BeforeTool", fields: ["tool_name": "read_file"], kind: .gemini, type: "tool.started"),
        Case(event: "AfterAgent", fields: [:], kind: .gemini, type: "assistant.stopped"),
        Case(event: "BeforeModel", fields: [:], kind: .gemini, type: nil),
        Case(event: "AfterModel", fields: ["llm_response": ["candidates": [["content": "par"]]]], kind: .gemini, type: nil),
        Case(event: "AfterModel", fields: ["llm_response": ["candidates": [["finishReason": "STOP"]]]], kind: .gemini, type: "assistant.message"),
    ]

    @Test(arguments: cases) func mapsEachEvent(_ c: Case) throws {
        let plan = HookMapping.plan(try Self.hook(c.event, c.fields, kind: c.kind))
        #expect(plan.event?.type == c.type)
        #expect(plan.event?.source == (c.type == nil ? nil : c.kind.rawValue))
        #expect((plan.ending != nil) == c.ends)
    }

    @Test func failureOutcomesAndEndReasons() throws {
        #expect(HookMapping.plan(try Self.hook("PostToolUseFailure", ["tool_name": "Bash"])).event?.data["outcome"] == "error")
        #expect(HookMapping.plan(try Self.hook("PostToolUse", ["tool_name": "Bash", "tool_response": ["exit_code": 2]], kind: .codex)).event?.data["outcome"] == "error")
        #expect(HookMapping.plan(try Self.hook("PostToolUse", ["tool_name": "Bash", "tool_response": ["success": true]])).event?.data["outcome"] == "ok")
        #expect(HookMapping.plan(try Self.hook("SessionEnd", ["reason": "bypass_permissions_disabled"])).ending == .end(.terminate, reason: "bypass_permissions_disabled"))
        #expect(HookMapping.plan(try Self.hook("SessionEnd", ["reason": "clear"])).ending == .end(.end, reason: "clear"))
    }

    @Test func subagentsTargetTheirChild() throws {
        let start = HookMapping.plan(try Self.hook("SubagentStart", ["agent_id": "a1", "agent_type": "Explore"]))
        #expect(start.target == .subagent(id: "a1", type: "Explore"))
        #expect(start.parentEvent?.type == "subagent.started")
        #expect(start.ending == nil)
        let stop = HookMapping.plan(try Self.hook("SubagentStop", ["agent_id": "a1", "agent_type": "Explore"]))
        #expect(stop.parentEvent?.type == "subagent.stopped")
        #expect(stop.ending == .end(.end, reason: "subagent_stop"))
        let inside = HookMapping.plan(try Self.hook("PreToolUse", ["agent_id": "a1", "tool_name": "Read"]))
        #expect(inside.target == .subagent(id: "a1", type: nil))
        #expect(inside.parentEvent == nil)
    }

    @Test func largeValuesAreCapped() throws {
        let big = String(repeating: "x", count: HookMapping.maxResponseBytes * 2)
        let plan = HookMapping.plan(try Self.hook("PostToolUse", ["tool_name": "Read", "tool_response": .string(big)]))
        let response = try #require(plan.event?.data["response"])
        #expect(response["truncated"] == true)
        #expect(JSONWriter.bytes(response).count < HookMapping.maxResponseBytes)
    }

    @Test func rejectsWhatCannotBeRecorded() {
        #expect(throws: AssistantHook.Rejection.notJSON) { try AssistantHook.parse(Array("not json".utf8), kind: .claudeCode).get() }
        #expect(throws: AssistantHook.Rejection.notJSON) { try AssistantHook.parse(Array("[1]".utf8), kind: .claudeCode).get() }
        #expect(throws: AssistantHook.Rejection.noSessionID) { try AssistantHook.parse(Array(#"{"hook_event_name":"Stop"}"#.utf8), kind: .claudeCode).get() }
        #expect((try? AssistantHook.parse(Array(#"{"session_id":"s"}"#.utf8), kind: .claudeCode).get())?.event == "unknown")
    }

    @Test func everyCorpusPayloadMaps() throws {
        let directory = AssistantCorpus.url("claude-code/hooks/deno-claude-code-hook")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(names.count == 17)
        for name in names {
            let bytes = try Array(Data(contentsOf: directory.appendingPathComponent(name)))
            let hook = try AssistantHook.parse(bytes, kind: .claudeCode).get()
            let plan = HookMapping.plan(hook)
            let type = try #require(plan.event?.type, "\(name)")
            #expect(!type.hasPrefix("hook."), "\(name) maps to \(type)")
        }
    }
}

@Suite struct ToolPairingTests {
    static func builder(at ms: Int64, session: Session) -> SessionChangeBuilder {
        SessionChangeBuilder(session: session, now: T.at(ms))
    }

    /// Starts and finishes as given (`+tool:input` starts, `-tool:input` finishes, ids optional
    /// as `@id`), and returns each finish's duration (nil when unpaired).
    static func run(_ steps: [(ms: Int64, step: String)]) throws -> [Int64?] {
        var session = Session.stub()
        var durations: [Int64?] = []
        for (ms, step) in steps {
            let starting = step.hasPrefix("+")
            let parts = step.dropFirst().split(separator: "@")
            let body = parts[0].split(separator: ":")
            let fields: [String: JSONValue] = [
                "tool_name": .string(String(body[0])), "tool_input": ["arg": .string(String(body[1]))],
                "tool_use_id": parts.count > 1 ? .string(String(parts[1])) : .null,
            ]
            var fieldsWithoutNull = fields
            if parts.count == 1 { fieldsWithoutNull["tool_use_id"] = nil }
            let plan = HookMapping.plan(try HookMappingTests.hook(starting ? "PreToolUse" : "PostToolUse", fieldsWithoutNull))
            var builder = builder(at: ms, session: session)
            try builder.applyHook(try #require(plan.event), tool: plan.tool, ending: nil)
            session = builder.session
            if !starting { durations.append(builder.events.last?.data["duration_ms"]?.int64Value) }
        }
        #expect(session.state["assistant"]?["open_tools"]?.objectValue?.isEmpty ?? true, "every start was paired")
        return durations
    }

    @Test func pairsByToolUseIDInAnyOrder() throws {
        // Parallel calls: started a, b; b finishes first.
        #expect(try Self.run([(0, "+Read:x@a"), (10, "+Read:x@b"), (25, "-Read:x@b"), (40, "-Read:x@a")]) == [15, 40])
    }

    @Test func withoutIDsPairsByNameAndInputFirstInFirstOut() throws {
        #expect(try Self.run([(0, "+Bash:ls"), (5, "+Bash:pwd"), (7, "+Bash:ls"), (20, "-Bash:ls"), (30, "-Bash:pwd"), (31, "-Bash:ls")]) == [20, 25, 24])
    }

    @Test func aFinishWithoutStartIsRecordedUnpaired() throws {
        var builder = Self.builder(at: 0, session: Session.stub())
        let plan = HookMapping.plan(try HookMappingTests.hook("PostToolUse", ["tool_name": "Bash", "tool_use_id": "z"]))
        try builder.applyHook(try #require(plan.event), tool: plan.tool, ending: nil)
        #expect(builder.events.last?.data["paired"] == false)
        #expect(builder.events.last?.data["duration_ms"] == nil)
    }

    @Test func aHookOnAnEndedSessionReopensIt() throws {
        var session = Session.stub()
        var builder = Self.builder(at: 0, session: session)
        let end = HookMapping.plan(try HookMappingTests.hook("SessionEnd", ["reason": "prompt_input_exit"]))
        try builder.applyHook(try #require(end.event), tool: nil, ending: end.ending)
        session = builder.session
        #expect(session.status == .completed)
        #expect(session.endReason == "prompt_input_exit")

        var late = Self.builder(at: 5, session: session)
        try late.applyHook(try #require(end.event), tool: nil, ending: end.ending)
        #expect(late.events.isEmpty, "a second end of an ended session writes nothing")

        var resumed = Self.builder(at: 60_000, session: session)
        let start = HookMapping.plan(try HookMappingTests.hook("SessionStart", ["source": "resume"]))
        try resumed.applyHook(try #require(start.event), tool: nil, ending: nil)
        #expect(resumed.session.status == .active)
        #expect(resumed.session.endedAt == nil)
        #expect(resumed.session.endReason == nil)
        #expect(resumed.session.outcome == nil)
        #expect(resumed.session.finalMetrics == nil)
        #expect(resumed.events.map(\.type) == ["session.state_changed", "assistant.session_started"])
        #expect(resumed.events.first?.data["trigger"] == "reopen")
    }
}

@Suite struct SessionReferenceTests {
    @Test(arguments: [
        ("018bcfe5-6800-7000-8000-000000000001", "018bcfe5-6800-7000-8000-000000000001"),
        ("claude-code:4c2ddfdc-b619", "claude-code:4c2ddfdc-b619"),
        ("codex:a:b/c", "codex:a:b/c"),
    ])
    func parses(_ text: String, _ shown: String) throws {
        #expect(try SessionReference.parse(text).description == shown)
    }

    @Test(arguments: ["", "abc", ":x", "app:", "018bcfe5-6800-7000-8000-00000000000"])
    func refuses(_ text: String) {
        #expect(throws: SessionError.self) { try SessionReference.parse(text) }
    }

    @Test func splitsAtTheFirstColon() {
        #expect(SessionReference("claude-code:s1/a1") == .external(application: "claude-code", externalID: "s1/a1"))
    }
}

@Suite struct HookInstallationTests {
    static let mine = HookInstallation(kind: .claudeCode, command: "'/opt/bin/sessiond' hook claude-code")
    static let theirs: JSONValue = [
        "model": "opus",
        "hooks": ["PreToolUse": [["matcher": "Bash", "hooks": [["type": "command", "command": "guard.sh"]]]]],
    ]

    @Test func installKeepsOthersAndIsIdempotent() throws {
        let (once, changed) = try Self.mine.installed(into: Self.theirs)
        #expect(changed)
        #expect(once["model"] == "opus")
        #expect(once["hooks"]?["PreToolUse"]?.arrayValue.count == 2, "guard.sh kept beside sessiond")
        #expect(once["hooks"]?.objectValue?.count == Self.mine.events.count)
        let (twice, changedAgain) = try Self.mine.installed(into: once)
        #expect(!changedAgain)
        #expect(twice == once)
    }

    @Test func reinstallReplacesAnOlderCommand() throws {
        let old = try HookInstallation(kind: .claudeCode, command: "sessiond hook claude-code --db /old.sqlite").installed(into: Self.theirs).settings
        let new = try Self.mine.installed(into: old).settings
        #expect(!JSONWriter.string(new).contains("/old.sqlite"))
        #expect(new["hooks"]?["Stop"]?.arrayValue.count == 1)
    }

    @Test func uninstallRemovesExactlyWhatInstallAdded() throws {
        let installed = try Self.mine.installed(into: Self.theirs).settings
        let (back, removed) = try Self.mine.uninstalled(from: installed)
        #expect(removed == Self.mine.events.count)
        #expect(back == Self.theirs)
        // Another assistant's hooks are not touched.
        let codex = try HookInstallation(kind: .codex, command: "sessiond hook codex").uninstalled(from: installed)
        #expect(codex.removed == 0)
    }

    @Test(arguments: [
        ("sessiond hook claude-code", true), ("'/a b/sessiond' hook claude-code --db '/x'", true),
        ("/usr/bin/sessiond hook codex", false), ("my-sessiond hook claude-code", false), ("echo hook claude-code", false),
    ])
    func recognisesItsOwnCommands(_ command: String, _ mine: Bool) {
        #expect(HookInstallation.isSessiond(command, kind: .claudeCode) == mine)
    }

    @Test func refusesSettingsThatAreNotObjects() {
        #expect(throws: SessionError.self) { try Self.mine.installed(into: [1, 2]) }
        #expect(throws: SessionError.self) { try Self.mine.installed(into: ["hooks": "nope"]) }
    }
}

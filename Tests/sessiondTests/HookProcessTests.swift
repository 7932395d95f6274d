import Foundation
import SessionCore
import TestSupport
import Testing

@testable import sessiond

/// `sessiond hook …` as an assistant runs it: the real binary, payloads on stdin, a real SQLite file.
@Suite struct HookProcessTests {
    static let corpusHooks = AssistantCorpus.url("claude-code/hooks/deno-claude-code-hook")

    static func corpusPayload(_ name: String) throws -> String {
        try String(contentsOf: corpusHooks.appendingPathComponent("\(name).json"), encoding: .utf8)
    }

    static func payload(_ event: String, session: String = "s-1", _ fields: [String: JSONValue] = [:]) -> String {
        var o: [String: JSONValue] = [
            "session_id": .string(session), "hook_event_name": .string(event), "cwd": "/tmp", "permission_mode": "default",
            "transcript_path": "/tmp/t.jsonl",
        ]
        o.merge(fields) { $1 }
        return JSONWriter.string(.object(o))
    }

    /// Runs one hook and checks the rules every hook keeps: exit 0, nothing on stdout.
    @discardableResult
    static func hook(_ cli: CLIProcess, _ stdin: String, assistant: String = "claude-code", extra: [String] = [], environment: [String: String]? = nil) async throws -> CLIProcess.Output {
        let out = try await cli.run(["hook", assistant] + extra, stdin: stdin, environment: environment)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.isEmpty)
        return out
    }

    static func events(_ cli: CLIProcess, _ reference: String) async throws -> [JSONValue] {
        let out = try await cli.run(["events", reference, "--limit", "1000", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        return try out.jsonLines()
    }

    @Test func corpusPayloadsMakeOneSessionWithPairedToolCalls() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let order = [
            "SessionStart", "UserPromptSubmit", "PreToolUse.Bash", "PostToolUse.Bash", "PreToolUse.Read", "PostToolUse.Read",
            "PreToolUse.Task", "PostToolUse.Task", "Stop",
        ]
        for name in order { try await Self.hook(cli, try Self.corpusPayload(name)) }
        let shown = try await cli.run(["show", "claude-code:test-session-id", "--json"]).json()
        #expect(shown["application"] == "claude-code")
        #expect(shown["external_id"] == "test-session-id")
        #expect(shown["status"] == "active")
        #expect(shown["labels"]?["assistant"] == "claude-code")
        #expect(shown["labels"]?["cwd"] == "/test/project")
        #expect(shown["context"]?["assistant"]?["transcript_path"] == "/test/project/.claude/transcripts/test-session.json")
        #expect(shown["context"]?["project"]?["cwd"] == "/test/project")
        let events = try await Self.events(cli, "claude-code:test-session-id").filter { $0["source"] == "claude-code" }
        #expect(events.map { $0["type"]?.stringValue ?? "" } == [
            "assistant.session_started", "user.prompt", "tool.started", "tool.call", "tool.started", "tool.call", "tool.started", "tool.call",
            "assistant.stopped",
        ])
        let calls = events.filter { $0["type"] == "tool.call" }
        #expect(calls.map { $0["data"]?["tool"]?.stringValue ?? "" } == ["Bash", "Read", "Task"])
        for call in calls {
            #expect(call["data"]?["paired"] == true, "\(call)")
            #expect((call["data"]?["duration_ms"]?.int64Value ?? -1) >= 0)
        }
        #expect(try await cli.run(["state", "claude-code:test-session-id", "--json"]).json()["state"]?["assistant"]?["open_tools"] == .emptyObject)
    }

    @Test func subagentsEndsAndResumes() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        try await Self.hook(cli, Self.payload("SessionStart", ["source": "startup", "model": "claude-opus-4-6"]))
        try await Self.hook(cli, Self.payload("SubagentStart", ["agent_id": "a1", "agent_type": "Explore"]))
        try await Self.hook(cli, Self.payload("PreToolUse", ["agent_id": "a1", "agent_type": "Explore", "tool_name": "Grep", "tool_use_id": "t1", "tool_input": ["pattern": "x"]]))
        try await Self.hook(cli, Self.payload("PostToolUseFailure", ["agent_id": "a1", "tool_name": "Grep", "tool_use_id": "t1", "error": "no such dir"]))
        try await Self.hook(cli, Self.payload("SubagentStop", ["agent_id": "a1", "agent_type": "Explore", "agent_transcript_path": "/tmp/a1.jsonl"]))
        try await Self.hook(cli, Self.payload("PermissionRequest", ["tool_name": "Bash", "tool_input": ["command": "rm -rf build"]]))
        try await Self.hook(cli, Self.payload("Notification", ["notification_type": "permission_prompt", "message": "Claude needs your permission"]))

        let child = try await cli.run(["show", "claude-code:s-1/a1", "--json"]).json()
        #expect(child["status"] == "completed")
        #expect(child["end_reason"] == "subagent_stop")
        #expect(child["labels"]?["agent_type"] == "Explore")
        let root = try await cli.run(["show", "claude-code:s-1", "--json"]).json()
        #expect(child["parent_id"] == root["id"])
        #expect(root["labels"]?["model"] == "claude-opus-4-6")
        // References work for --parent too.
        #expect(try await cli.run(["ls", "--parent", "claude-code:s-1", "--json"]).jsonLines().map { $0["id"] } == [child["id"]])
        let made = try await cli.run(["create", "--parent", "claude-code:s-1/a1", "--no-capture", "--json"])
        #expect(made.status == 1, "a completed subagent takes no children")
        #expect(made.stderr.contains("parent_ended"))
        let failed = try await Self.events(cli, "claude-code:s-1/a1").first { $0["type"] == "tool.call" }
        #expect(failed?["data"]?["outcome"] == "error")
        #expect(failed?["data"]?["paired"] == true)
        let rootTypes = try await Self.events(cli, "claude-code:s-1").compactMap { $0["source"] == "claude-code" ? $0["type"]?.stringValue : nil }
        #expect(rootTypes == ["assistant.session_started", "subagent.started", "subagent.stopped", "permission.requested", "assistant.notification"])

        try await Self.hook(cli, Self.payload("SessionEnd", ["reason": "prompt_input_exit"]))
        let ended = try await cli.run(["show", "claude-code:s-1", "--json"]).json()
        #expect(ended["status"] == "completed")
        #expect(ended["end_reason"] == "prompt_input_exit")
        #expect(ended["outcome"] == "ok")

        // `claude --resume` fires SessionStart(resume) with the same id: the same session, active again.
        try await Self.hook(cli, Self.payload("SessionStart", ["source": "resume"]))
        let resumed = try await cli.run(["show", "claude-code:s-1", "--json"]).json()
        #expect(resumed["id"] == ended["id"])
        #expect(resumed["status"] == "active")
        #expect(resumed["ended_at"] == nil || resumed["ended_at"] == .null)

        // `/clear` ends it and starts a linked session.
        try await Self.hook(cli, Self.payload("SessionEnd", ["reason": "clear"]))
        try await Self.hook(cli, Self.payload("SessionStart", session: "s-2", ["source": "clear"]))
        let next = try await cli.run(["show", "claude-code:s-2", "--json"]).json()
        #expect(next["labels"]?["continues"] == ended["id"])
    }

    @Test func badInputIsLoggedAndNeverFailsTheAssistant() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let directory = URL(fileURLWithPath: cli.database).deletingLastPathComponent()
        try await Self.hook(cli, "this is not json")
        try await Self.hook(cli, #"{"hook_event_name":"Stop"}"#)
        try await Self.hook(cli, "")
        try await Self.hook(cli, "{}", assistant: "no-such-assistant")
        let badFlag = try await cli.run(["hook", "claude-code", "--no-such-flag"], stdin: "{}")
        #expect(badFlag.status == 0)
        #expect(badFlag.stdout.isEmpty)
        // An event this version does not know is kept, not rejected.
        try await Self.hook(cli, Self.payload("SomethingNew", ["detail": 42]))
        let generic = try await Self.events(cli, "claude-code:s-1").first { $0["type"] == "hook.SomethingNew" }
        #expect(generic?["data"]?["payload"]?["detail"] == 42)

        let log = try String(contentsOf: directory.appendingPathComponent("hooks.log"), encoding: .utf8)
        let codes = try log.split(separator: "\n").map { try JSONParser.parse(String($0))["code"]?.stringValue ?? "" }
        #expect(codes.sorted() == ["rejected_no_session_id", "rejected_not_json", "rejected_not_json", "unknown_assistant"].sorted())
        // Bad arguments cannot know the --db directory: they log to the default one (not checked here).
    }

    @Test func sixteenConcurrentHooksOnOneSessionLoseNothing() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        try await Self.hook(cli, Self.payload("SessionStart"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let id: JSONValue = .string("call-\(i)")
                    try await Self.hook(cli, Self.payload("PreToolUse", ["tool_name": "Read", "tool_use_id": id, "tool_input": ["n": .int(Int64(i))]]))
                    try await Self.hook(cli, Self.payload("PostToolUse", ["tool_name": "Read", "tool_use_id": id, "tool_response": ["ok": true]]))
                }
            }
            try await group.waitForAll()
        }
        let events = try await Self.events(cli, "claude-code:s-1")
        let calls = events.filter { $0["type"] == "tool.call" }
        #expect(calls.count == 16)
        #expect(calls.allSatisfy { $0["data"]?["paired"] == true })
        #expect(events.filter { $0["type"] == "tool.started" }.count == 16)
        #expect(events.map { $0["seq"]?.int64Value ?? 0 } == Array(1...Int64(events.count)))
        let directory = URL(fileURLWithPath: cli.database).deletingLastPathComponent()
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("hooks.log").path), "no hook had trouble")
    }

    @Test func anUnreachableServerSpoolsAndTheNextHookReplaysInOrder() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let home = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        let environment = ["HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
        let dead = ["--server", "http://127.0.0.1:9"]
        for (i, event) in ["SessionStart", "UserPromptSubmit", "Stop"].enumerated() {
            let out = try await cli.run(["hook", "claude-code"] + dead, stdin: Self.payload(event, ["prompt": .string("p\(i)")]), environment: environment, withDatabase: false)
            #expect(out.status == 0)
            #expect(out.stdout.isEmpty)
        }
        let data = home + "/.local/share/sessiond"
        let spooled = try FileManager.default.contentsOfDirectory(atPath: data + "/spool/claude-code").filter { $0.hasSuffix(".json") }
        #expect(spooled.count == 3)
        #expect(try String(contentsOfFile: data + "/hooks.log", encoding: .utf8).split(separator: "\n").count == 3)

        // The next hook that reaches a store replays the spool first, in order, then records its own.
        let store = CLIProcess(database: data + "/sessions.sqlite")
        try await Self.hook(store, Self.payload("UserPromptSubmit", ["prompt": "p3"]))
        let prompts = try await Self.events(store, "claude-code:s-1").filter { $0["type"] == "user.prompt" }.map { $0["data"]?["prompt"]?.stringValue ?? "" }
        #expect(prompts == ["p1", "p3"])
        let types = try await Self.events(store, "claude-code:s-1").compactMap { $0["source"] == "claude-code" ? $0["type"]?.stringValue : nil }
        #expect(types == ["assistant.session_started", "user.prompt", "assistant.stopped", "user.prompt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: data + "/spool/claude-code").isEmpty)
    }

    @Test func hooksThroughAServerUseItsStore() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let (server, port, _) = try ServeProcessTests.start(cli)
        defer {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        let url = "http://127.0.0.1:\(port)"
        let home = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        let environment = ["HOME": home, "USER": "ana"]
        for event in ["SessionStart", "UserPromptSubmit"] {
            let out = try await cli.run(["hook", "claude-code", "--server", url], stdin: Self.payload(event, ["prompt": "x"]), environment: environment, withDatabase: false)
            #expect(out.status == 0)
        }
        let shown = try await cli.run(["show", "claude-code:s-1", "--server", url, "--json"], withDatabase: false).json()
        #expect(shown["user_id"] == "ana")
        #expect(try await Self.events(cli, "claude-code:s-1").contains { $0["type"] == "user.prompt" })
        #expect(!FileManager.default.fileExists(atPath: home + "/.local/share/sessiond/spool/claude-code"))
    }

    @Test func installMergesIntoSettingsAndUninstallTakesItOut() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let home = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        let settings = home + "/.claude/settings.json"
        try FileManager.default.createDirectory(atPath: home + "/.claude", withIntermediateDirectories: true)
        let original = #"{"model": "opus", "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify.sh"}]}]}}"#
        try original.write(toFile: settings, atomically: true, encoding: .utf8)
        let environment = ["HOME": home]

        let dry = try await cli.run(["install", "claude-code", "--dry-run"], environment: environment, withDatabase: false)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(try String(contentsOfFile: settings, encoding: .utf8) == original, "a dry run writes nothing")
        #expect(try JSONParser.parse(dry.stdout)["hooks"]?["SessionEnd"] != nil)

        let first = try await cli.run(["install", "claude-code", "--db", cli.database], environment: environment, withDatabase: false)
        #expect(first.status == 0, "\(first.stderr)")
        let installed = try JSONParser.parse(try String(contentsOfFile: settings, encoding: .utf8))
        #expect(installed["model"] == "opus")
        #expect(installed["hooks"]?["Stop"]?.arrayValue?.count == 2)
        let command = try #require(installed["hooks"]?["PreToolUse"]?.arrayValue?.first?["hooks"]?.arrayValue?.first?["command"]?.stringValue)
        #expect(command.contains(" hook claude-code --db "))
        let again = try await cli.run(["install", "claude-code", "--db", cli.database], environment: environment, withDatabase: false)
        #expect(again.stderr.contains("already"))
        let backups = try FileManager.default.contentsOfDirectory(atPath: home + "/.claude").filter { $0.hasPrefix("settings.json.bak-") }
        #expect(backups.count == 1)
        #expect(try String(contentsOfFile: home + "/.claude/" + backups[0], encoding: .utf8) == original)

        // The installed command works as written: run it the way the assistant does.
        let hook = Process()
        hook.executableURL = URL(fileURLWithPath: "/bin/sh")
        hook.arguments = ["-c", command]
        let input = Pipe()
        hook.standardInput = input
        try hook.run()
        input.fileHandleForWriting.write(Data(Self.payload("SessionStart").utf8))
        try input.fileHandleForWriting.close()
        hook.waitUntilExit()
        #expect(hook.terminationStatus == 0)
        #expect(try await cli.run(["show", "claude-code:s-1", "--json"]).json()["application"] == "claude-code")

        let removed = try await cli.run(["uninstall", "claude-code"], environment: environment, withDatabase: false)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try JSONParser.parse(try String(contentsOfFile: settings, encoding: .utf8)) == JSONParser.parse(original))
    }

    @Test func versionNamesTheReleaseAndCommit() async throws {
        let out = try await CLIProcess(database: "").run(["--version"], withDatabase: false)
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix(BuildVersion.release))
    }
}

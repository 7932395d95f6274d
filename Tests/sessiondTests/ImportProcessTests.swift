import Foundation
import SessionCore
import SessionKit
import TestSupport
import Testing

/// `sessiond import claude-code` on the shared corpus, through the real binary, checked against
/// the numbers `truth.py` works out from the files alone (`truth-dev.json`).
@Suite struct ImportProcessTests {
    static let transcripts = AssistantCorpus.url("claude-code/transcripts")

    static func truth() throws -> [String: JSONValue] {
        let data = try Data(contentsOf: AssistantCorpus.url("truth-dev.json"))
        return try JSONParser.parse(Array(data), limits: JSONParser.Limits(maxDepth: 64, maxBytes: 64 << 20, maxStringBytes: 1 << 20)).objectValue ?? [:]
    }

    static func importJSON(_ cli: CLIProcess, _ paths: [String]) async throws -> [JSONValue] {
        let out = try await cli.run(["import", "claude-code"] + paths + ["--json"])
        #expect(out.status == 0, "\(out.stderr)")
        return try out.jsonLines()
    }

    /// The main transcripts' truth, by session id: where two files hold one session (a file and
    /// the same file grown), the larger one.
    static func mainTruth() throws -> [String: JSONValue] {
        var bySession: [String: JSONValue] = [:]
        for (path, entry) in try truth() where path.hasPrefix("claude-code/transcripts/") && entry["role"] == "main" {
            guard let id = entry["session_ids"]?.arrayValue?.first?.stringValue else { continue }
            if let known = bySession[id], (known["lines"]?["total"]?.int64Value ?? 0) >= (entry["lines"]?["total"]?.int64Value ?? 0) { continue }
            bySession[id] = entry
        }
        return bySession
    }

    @Test func countsMatchTheTruthForEveryCorpusTranscript() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let reports = try await Self.importJSON(cli, [Self.transcripts.path])
        #expect(reports.allSatisfy { $0["problem"] == nil }, "\(reports.filter { $0["problem"] != nil })")
        let truth = try Self.mainTruth()
        #expect(truth.count >= 6)
        for (sessionID, expected) in truth {
            let metrics = try await cli.run(["metrics", "claude-code:\(sessionID)", "--json"])
            #expect(metrics.status == 0, "\(sessionID): \(metrics.stderr)")
            let json = try metrics.json()
            let agent = try #require(json["agent"], "\(sessionID)")
            let tree = try #require(json["agent_tree"], "\(sessionID)")
            #expect(agent["prompts"]?.int64Value == expected["user_prompts"]?.int64Value, "\(sessionID) prompts")
            #expect(agent["assistant_messages"]?.int64Value == expected["assistant_messages"]?.int64Value, "\(sessionID) assistant messages")
            #expect(agent["tool_calls"]?.int64Value == expected["tool_calls"]?.int64Value, "\(sessionID) tool calls")
            #expect(agent["tool_errors"]?.int64Value == expected["tool_errors"]?.int64Value, "\(sessionID) tool errors")
            #expect(agent["compactions"]?.int64Value == expected["compactions"]?.int64Value, "\(sessionID) compactions")
            #expect(agent["tokens"] == expected["tokens"], "\(sessionID) tokens")
            #expect(agent["subagents"]?.int64Value == Int64(expected["subagent_files"]?.arrayValue?.count ?? 0), "\(sessionID) subagents")
            #expect(tree["tokens"] == expected["tree_tokens"], "\(sessionID) tree tokens")
            #expect(tree["tool_calls"]?.int64Value == expected["tree_tool_calls"]?.int64Value, "\(sessionID) tree tool calls")
            #expect(tree["tool_errors"]?.int64Value == expected["tree_tool_errors"]?.int64Value, "\(sessionID) tree tool errors")
            #expect(tree["assistant_messages"]?.int64Value == expected["tree_assistant_messages"]?.int64Value, "\(sessionID) tree messages")
        }
        // Junk lines are counted per file, never fatal.
        for (path, entry) in try Self.truth() where path.hasPrefix("claude-code/transcripts/") {
            let report = reports.first { $0["path"]?.stringValue?.hasSuffix(path) == true }
            #expect(report?["skipped_lines"]?.int64Value == entry["lines"]?["junk"]?.int64Value, "\(path)")
        }
    }

    @Test func importIsIdempotentAndACopyAddsNothing() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let spotter = Self.transcripts.appendingPathComponent("spotter-fa812bfe").path
        let first = try await Self.importJSON(cli, [spotter])
        #expect(first.reduce(0) { $0 + ($1["events"]?.int64Value ?? 0) } > 500)
        let again = try await Self.importJSON(cli, [spotter])
        #expect(again.allSatisfy { $0["events"] == 0 })
        #expect(again.first { $0["external_id"] == "claude-code:fa812bfe-b295-4cca-9c2f-fdf01028cb46" }?["bytes_read"] == 0, "an unchanged file is not read past its hash")
        // Codex-style move: the same file elsewhere is the same session.
        let moved = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("archived")
        try FileManager.default.copyItem(atPath: spotter, toPath: moved.path)
        let copied = try await Self.importJSON(cli, [moved.path])
        #expect(copied.count == 4)
        #expect(copied.allSatisfy { $0["events"] == 0 })
    }

    @Test func aGrowingFileAddsOnlyItsNewLinesAndAHalfLineWaits() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let directory = URL(fileURLWithPath: cli.database).deletingLastPathComponent()
        let grown = try Data(contentsOf: Self.transcripts.appendingPathComponent("codemie-incremental/turn-2.jsonl"))
        let start = try Data(contentsOf: Self.transcripts.appendingPathComponent("codemie-incremental/turn-1.jsonl"))
        #expect(grown.prefix(start.count) == start)
        let live = directory.appendingPathComponent("e9fb405b.jsonl")
        // A crash mid-line: the first run sees turn-1 and half of the next line.
        let cut = start.count + 40
        try grown.prefix(cut).write(to: live)
        let firstRun = try await Self.importJSON(cli, [live.path])
        #expect(firstRun.first?["skipped_lines"] == 0, "a half-written last line is not junk: it waits")
        try grown.write(to: live)
        let secondRun = try await Self.importJSON(cli, [live.path])
        #expect((secondRun.first?["events"]?.int64Value ?? 0) > 0)
        #expect((secondRun.first?["bytes_read"]?.int64Value ?? 0) == Int64(grown.count - start.count), "only the new part is read")

        let expected = try #require(try Self.mainTruth()["e9fb405b-169f-40eb-9396-7e75076f045d"])
        let agent = try #require(try await cli.run(["metrics", "claude-code:e9fb405b-169f-40eb-9396-7e75076f045d", "--json"]).json()["agent"])
        #expect(agent["tokens"] == expected["tokens"])
        #expect(agent["assistant_messages"]?.int64Value == expected["assistant_messages"]?.int64Value)
        #expect(agent["tool_calls"]?.int64Value == expected["tool_calls"]?.int64Value)
    }

    @Test func junkAndEnormousLinesAreReportedAndSkipped() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let file = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("junk.jsonl")
        var text = #"{"type":"user","uuid":"u1","sessionId":"junk-1","timestamp":"2026-01-01T00:00:00.000Z","message":{"role":"user","content":"hello"}}"# + "\n"
        text += "not json\n[1]\n42\n{\"no\":\"type\"}\n{\"type\":\"user\",\"uuid\":\"u2\",\"message\":\"broken\"}\n\n"
        text += #"{"type":"user","uuid":"u3","sessionId":"junk-1","timestamp":"2026-01-01T00:00:05.000Z","message":{"role":"user","content":""#
        text += String(repeating: "x", count: 17 << 20) + "\"}}\n"
        text += #"{"type":"user","uuid":"u4","sessionId":"junk-1","timestamp":"2026-01-01T00:00:09.000Z","message":{"role":"user","content":"after"}}"# + "\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let report = try #require(try await Self.importJSON(cli, [file.path]).first)
        #expect(report["skipped_lines"] == 6)
        #expect(report["lines"] == 9)
        let agent = try #require(try await cli.run(["metrics", "claude-code:junk-1", "--json"]).json()["agent"])
        #expect(agent["prompts"] == 2)
        // A file that is not a transcript at all is reported, and the run goes on.
        let binary = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("b.jsonl")
        try Data((0..<4096).map { UInt8($0 % 251) }).write(to: binary)
        let both = try await Self.importJSON(cli, [binary.path, file.path])
        #expect(both.count == 2)
        #expect(both.contains { $0["problem"] != nil && $0["problem"] != .null })
    }

    @Test func hooksAndTheTranscriptOfOneSessionAreOneSession() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let short = Self.transcripts.appendingPathComponent("spotter-short/short.jsonl")
        let session = "55604662-cf2a-4331-851a-ec234028f8ca"
        // Hooks saw the prompt and the two tool calls (ids as in the transcript).
        let text = try String(contentsOf: short, encoding: .utf8)
        let toolIDs = text.split(separator: "\n").compactMap { line -> [String]? in
            guard let o = try? JSONParser.parse(String(line)), o["type"] == "assistant" else { return nil }
            return o["message"]?["content"]?.arrayValue?.compactMap { $0["type"] == "tool_use" ? $0["id"]?.stringValue : nil }
        }.flatMap { $0 }
        #expect(toolIDs.count == 2)
        try await HookProcessTests.hook(cli, HookProcessTests.payload("SessionStart", session: session))
        try await HookProcessTests.hook(cli, HookProcessTests.payload("UserPromptSubmit", session: session, ["prompt": "look"]))
        for id in toolIDs {
            try await HookProcessTests.hook(cli, HookProcessTests.payload("PreToolUse", session: session, ["tool_name": "Bash", "tool_use_id": .string(id)]))
            try await HookProcessTests.hook(cli, HookProcessTests.payload("PostToolUseFailure", session: session, ["tool_name": "Bash", "tool_use_id": .string(id)]))
        }
        let reports = try await Self.importJSON(cli, [short.path])
        #expect(reports.first?["session_id"] != nil)
        let shown = try await cli.run(["show", "claude-code:\(session)", "--json"]).json()
        #expect(shown["status"] == "active", "hooks own the lifecycle of a session they record")
        let agent = try #require(try await cli.run(["metrics", "claude-code:\(session)", "--json"]).json()["agent"])
        let expected = try #require(try Self.mainTruth()[session])
        #expect(agent["prompts"] == 1)
        #expect(agent["tool_calls"]?.int64Value == expected["tool_calls"]?.int64Value, "not counted twice")
        #expect(agent["tool_errors"]?.int64Value == expected["tool_errors"]?.int64Value)
        #expect(agent["tokens"] == expected["tokens"], "the transcript adds what hooks do not carry")
    }
}

/// `sessiond import claude-code --follow` as a long-running process: lines written to a
/// transcript (in a project folder made after it started) are imported on the file
/// notification, long before the 600 s safety-net interval.
@Suite struct ImportFollowProcessTests {
    @Test(.enabled(if: DirectoryWatcher.notifies))
    func followImportsLinesAsTheyAreWritten() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let watched = try TemporaryDirectory(prefix: "sessiond-follow")
        defer { watched.remove() }
        let source = try String(contentsOf: ImportProcessTests.transcripts.appendingPathComponent("spotter-short/short.jsonl"), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        let process = Process()
        process.executableURL = CLIProcess.binary
        process.arguments = ["import", "claude-code", watched.path, "--follow", "--interval", "600", "--json", "--db", cli.database]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // A watchdog: without notifications nothing would come for 600 s; stop the process (and
        // with it the output) after 60 so the test fails instead of waiting.
        let watchdog = Task.detached {
            try await Task.sleep(for: .seconds(60))
            process.terminate()
        }
        defer {
            watchdog.cancel()
            if process.isRunning { process.interrupt() }
            process.waitUntilExit()
        }
        let reports = CLIProcess.lines(of: out.fileHandleForReading)
        var iterator = reports.makeAsyncIterator()
        // Its note on stderr says the first pass is done and the watches are in place.
        var notes = CLIProcess.lines(of: err.fileHandleForReading).makeAsyncIterator()
        let note = try #require(await notes.next())
        #expect(note.contains("file notifications"), "\(note)")

        let project = watched.path("project-x")
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        let transcript = URL(fileURLWithPath: project + "/short.jsonl")
        try Data((lines.prefix(6).joined(separator: "\n") + "\n").utf8).write(to: transcript)
        let first = try JSONParser.parse(try #require(await iterator.next(), "a report after the first lines"))
        #expect((first["events"]?.int64Value ?? 0) > 0)

        let handle = try FileHandle(forWritingTo: transcript)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.dropFirst(6).joined(separator: "\n").utf8))
        try handle.close()
        let second = try JSONParser.parse(try #require(await iterator.next(), "a report after the rest"))
        #expect((second["events"]?.int64Value ?? 0) > 0)
        #expect(second["session_id"] == first["session_id"], "the same session, grown")
    }

    @Test func aFollowIntervalThatIsNotPositiveIsRefused() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let out = try await cli.run(["import", "claude-code", NSTemporaryDirectory(), "--follow", "--interval", "0"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("invalid_argument"), "\(out.stderr)")
    }
}

import Foundation
import SessionCore
import TestSupport
import Testing

/// `sessiond import codex` and `sessiond import gemini` on the shared corpus, through the real
/// binary, checked against the numbers `truth.py` works out from the files alone.
@Suite struct RolloutImportProcessTests {
    static func importJSON(_ cli: CLIProcess, _ assistant: String, _ paths: [String]) async throws -> [JSONValue] {
        let out = try await cli.run(["import", assistant] + paths + ["--json"])
        #expect(out.status == 0, "\(out.stderr)")
        return try out.jsonLines()
    }

    static func agent(_ cli: CLIProcess, _ reference: String) async throws -> JSONValue {
        let metrics = try await cli.run(["metrics", reference, "--json"])
        #expect(metrics.status == 0, "\(reference): \(metrics.stderr)")
        return try #require(try metrics.json()["agent"], "\(reference)")
    }

    /// sessiond's token fields from a truth entry: `input` uncached, `output` with reasoning (where
    /// the format counts reasoning apart, as Gemini does), no cache creation in either format.
    static func tokens(_ truth: JSONValue, reasoningApart: Bool) -> JSONValue {
        let t = truth["tokens"]
        let output = (t?["output"]?.int64Value ?? 0) + (reasoningApart ? t?["reasoning_output"]?.int64Value ?? 0 : 0)
        return ["input": .int(t?["input_uncached"]?.int64Value ?? 0), "output": .int(output), "cache_read": .int(t?["cache_read"]?.int64Value ?? 0), "cache_creation": 0]
    }

    static func truth(prefix: String) throws -> [(String, JSONValue)] {
        try ImportProcessTests.truth().filter { $0.key.hasPrefix(prefix) && $0.value["kind"] != "prompt-log" }.sorted { $0.key < $1.key }
    }

    @Test func codexCountsMatchTheTruthForEveryCorpusRollout() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let reports = try await Self.importJSON(cli, "codex", [AssistantCorpus.url("codex").path])
        #expect(reports.allSatisfy { $0["problem"] == nil }, "\(reports)")
        let truth = try Self.truth(prefix: "codex/")
        #expect(truth.count == 8)
        #expect(reports.count == truth.count)
        for (path, expected) in truth {
            let id = try #require(expected["session_ids"]?.arrayValue?.first?.stringValue)
            let agent = try await Self.agent(cli, "codex:\(id)")
            let prompts = expected["role"] == "subagent" ? expected["subagent_task_prompts"] : expected["user_prompts"]
            #expect(agent["prompts"] == (expected["role"] == "subagent" ? 0 : prompts), "\(path) prompts")
            #expect(agent["assistant_messages"] == expected["assistant_messages"], "\(path) messages")
            #expect(agent["tool_calls"] == expected["tool_calls"], "\(path) tool calls")
            #expect(agent["tool_errors"] == expected["tool_errors"], "\(path) tool errors")
            #expect(agent["compactions"] == expected["compactions"], "\(path) compactions")
            #expect(agent["subagents"] == expected["subagent_spawns"], "\(path) subagents")
            #expect(agent["tokens"] == Self.tokens(expected, reasoningApart: false), "\(path) tokens")
            #expect(agent["first_at"] != nil && agent["first_at"] != .null)
            let report = reports.first { $0["path"]?.stringValue?.hasSuffix(path) == true }
            #expect(report?["skipped_lines"] == expected["lines"]?["junk"], "\(path) junk")
            #expect(report?["external_id"]?.stringValue == "codex:\(id)")
            // A review subagent is a child of the rollout that entered review mode.
            if let parentPath = expected["parent_file"]?.stringValue {
                let parentID = try #require(try ImportProcessTests.truth()[parentPath]?["session_ids"]?.arrayValue?.first?.stringValue)
                let child = try await cli.run(["show", "codex:\(id)", "--json"]).json()
                let parent = try await cli.run(["show", "codex:\(parentID)", "--json"]).json()
                #expect(child["parent_id"] == parent["id"], "\(path) is a child of \(parentPath)")
                #expect(reports.first { $0["external_id"]?.stringValue == "codex:\(parentID)" }?["children"] == 1)
            }
        }
        // Codex moves old rollouts to archived_sessions/: the same file there adds nothing.
        let again = try await Self.importJSON(cli, "codex", [AssistantCorpus.url("codex").path])
        #expect(again.allSatisfy { $0["events"] == 0 && $0["bytes_read"] == 0 })
        let archived = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("archived_sessions")
        try FileManager.default.copyItem(at: AssistantCorpus.url("codex/agtrace"), to: archived)
        let moved = try await Self.importJSON(cli, "codex", [archived.path])
        #expect(moved.count == 3)
        #expect(moved.allSatisfy { $0["events"] == 0 })
    }

    @Test func aGrowingRolloutDropsRepeatedTokenCountsAcrossRuns() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let name = "codex/localpush-2026-02-23/rollout-2026-02-23T12-40-23-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl"
        let full = try Data(contentsOf: AssistantCorpus.url(name))
        let expected = try #require(try ImportProcessTests.truth()[name])
        #expect((expected["token_count_repeats"]?.int64Value ?? 0) > 50)
        // Cut right after a token_count line whose repeat comes later, and mid-line after that.
        let lines = full.split(separator: 0x0A, omittingEmptySubsequences: false)
        let counts = lines.indices.compactMap { index -> (Int, JSONValue)? in
            guard let o = try? JSONParser.parse(Array(lines[index])), o["payload"]?["type"] == "token_count", let info = o["payload"]?["info"], info != .null else { return nil }
            return (index, info)
        }
        let cutLine = try #require(zip(counts, counts.dropFirst()).first { $0.1 == $1.1 }?.0.0)
        let prefix = lines[...cutLine].reduce(0) { $0 + $1.count + 1 }
        let live = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("rollout-live.jsonl")
        try full.prefix(prefix + 30).write(to: live)
        let first = try await Self.importJSON(cli, "codex", [live.path])
        #expect(first.first?["skipped_lines"] == 0, "a half-written last line waits")
        try full.write(to: live)
        let second = try await Self.importJSON(cli, "codex", [live.path])
        #expect(second.first?["bytes_read"]?.int64Value == Int64(full.count - prefix), "only the new part is read")
        let agent = try await Self.agent(cli, "codex:019c8a4c-ed82-79a1-aa28-7738fc5ab61a")
        #expect(agent["tokens"] == Self.tokens(expected, reasoningApart: false), "the repeat after the cut is dropped though the runs differ")
        #expect(agent["tool_calls"] == expected["tool_calls"])
    }

    /// A rollout of our own for what the corpus lacks: compacted, then resumed with `codex exec
    /// resume` (its cumulative counter restarts), with junk lines and an exit code in a later poll.
    @Test func aCompactedAndResumedRolloutCountsEachTurnOnce() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        func line(_ time: String, _ type: String, _ payload: JSONValue) -> String {
            JSONWriter.string(["timestamp": .string("2026-03-01T10:\(time)Z"), "type": .string(type), "payload": payload])
        }
        func usage(_ input: Int64, _ cached: Int64, _ output: Int64, total: Int64) -> JSONValue {
            let last: JSONValue = ["input_tokens": .int(input), "cached_input_tokens": .int(cached), "output_tokens": .int(output), "reasoning_output_tokens": 0, "total_tokens": .int(input + output)]
            return ["type": "token_count", "info": ["last_token_usage": last, "total_token_usage": ["total_tokens": .int(total)]]]
        }
        let rows = [
            line("00:00.000", "session_meta", ["id": "resumed-1", "timestamp": "2026-03-01T10:00:00.000Z", "cwd": "/work/app", "source": "exec", "cli_version": "0.130.0"]),
            line("00:00.100", "turn_context", ["model": "gpt-5.5", "cwd": "/work/app"]),
            line("00:00.200", "event_msg", ["type": "user_message", "message": "build it"]),
            line("00:01.000", "response_item", ["type": "function_call", "name": "exec_command", "arguments": "{\"cmd\":\"make\"}", "call_id": "c1"]),
            line("00:02.000", "response_item", ["type": "function_call_output", "call_id": "c1", "output": "Process running with session ID 7"]),
            line("00:03.000", "event_msg", usage(1000, 200, 50, total: 1050)),
            line("00:03.100", "event_msg", usage(1000, 200, 50, total: 1050)),
            "not json at all",
            "[1]",
            line("00:04.000", "response_item", ["type": "function_call", "name": "write_stdin", "arguments": "{\"session_id\":7}", "call_id": "c2"]),
            line("00:05.000", "response_item", ["type": "function_call_output", "call_id": "c2", "output": "Process exited with code 2\nOutput:\nfailed"]),
            line("00:06.000", "compacted", ["message": "summary of the work so far"]),
            line("00:06.001", "event_msg", ["type": "context_compacted"]),
            line("00:06.002", "event_msg", usage(0, 0, 0, total: 940_499)),
            // `codex exec resume`: a new process, its counter starts again.
            line("30:00.000", "turn_context", ["model": "gpt-5.5-mini", "cwd": "/work/app"]),
            line("30:00.100", "event_msg", ["type": "user_message", "message": "go on"]),
            line("30:01.000", "response_item", ["type": "message", "role": "assistant", "content": [["type": "output_text", "text": "done"]]]),
            line("30:02.000", "event_msg", usage(300, 100, 20, total: 320)),
        ]
        let file = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("rollout-resumed.jsonl")
        try (rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let report = try #require(try await Self.importJSON(cli, "codex", [file.path]).first)
        #expect(report["skipped_lines"] == 2)
        let agent = try await Self.agent(cli, "codex:resumed-1")
        #expect(try await cli.run(["show", "codex:resumed-1", "--json"]).json()["labels"]?["cwd"] == "/work/app")
        #expect(agent["prompts"] == 2)
        #expect(agent["assistant_messages"] == 1)
        #expect(agent["tool_calls"] == 2)
        #expect(agent["tool_errors"] == 1, "the exit code in the poll's output")
        #expect(agent["compactions"] == 1, "a compacted line and its event are one compaction")
        #expect(agent["tokens"] == ["input": 1000, "output": 70, "cache_read": 300, "cache_creation": 0], "the repeat dropped, the compaction's zero usage adds nothing")
        #expect(agent["models"] == ["gpt-5.5", "gpt-5.5-mini"])
    }

    @Test func geminiCountsMatchTheTruthAndThePromptLogIsCountedOnce() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let reports = try await Self.importJSON(cli, "gemini", [AssistantCorpus.url("gemini").path])
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0["problem"] == nil && ($0["events"]?.int64Value ?? 0) > 0 })
        let (path, expected) = try #require(try Self.truth(prefix: "gemini/").first)
        let id = try #require(expected["session_ids"]?.arrayValue?.first?.stringValue)
        let agent = try await Self.agent(cli, "gemini:\(id)")
        #expect(agent["prompts"] == expected["user_prompts"], "\(path): the log's prompts are the session's")
        #expect(agent["assistant_messages"] == expected["assistant_messages"])
        #expect(agent["tool_calls"] == expected["tool_calls"])
        #expect(agent["tool_errors"] == expected["tool_errors"])
        #expect(agent["tokens"] == Self.tokens(expected, reasoningApart: true))
        #expect(agent["models"] == .array(expected["models"]?.objectValue?.keys.sorted().map(JSONValue.string) ?? []))
        #expect(agent["first_at"]?.stringValue == "2025-12-01T21:45:34.356Z", "the prompt log's first entry is a little earlier")
        #expect(agent["last_at"]?.stringValue == expected["last_timestamp"]?.stringValue)
        let again = try await Self.importJSON(cli, "gemini", [AssistantCorpus.url("gemini").path])
        #expect(again.allSatisfy { $0["events"] == 0 })
        // Not Gemini's at all: reported, never fatal.
        let junk = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("session-junk.json")
        try Data("{\"messages\": 3".utf8).write(to: junk)
        let bad = try await Self.importJSON(cli, "gemini", [junk.path, AssistantCorpus.url("gemini").path])
        #expect(bad.count == 3)
        #expect(bad.first { $0["path"]?.stringValue == junk.path }?["problem"]?.stringValue?.contains("not JSON") == true)
    }
}

import ArgumentParser
import Foundation
import SessionCore

/// `sessiond bench assistants`: what the assistant integration costs the assistant, measured
/// on the real binary: a hook invocation beside bare start-up (`--version`), concurrent hooks,
/// transcript import speed, re-import of an unchanged file, and peak memory importing a large
/// directory.
struct AssistantsBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assistants", abstract: "Benchmark hooks and transcript import against bare start-up.",
        discussion: """
            Runs this sessiond binary as child processes in a temp folder and prints one figure per line (JSON with \
            --json). hook_ms_* time `sessiond hook claude-code --db` over real-shaped payloads; version_ms_* time \
            `sessiond --version` in the same run, the start-up every command pays. Import figures need the shared \
            corpus (--corpus, $SESSIOND_ASSISTANT_CORPUS, or ../shared/corpus/assistants).
            """)

    @Flag(help: "One JSON object per line: name, value, unit.") var json = false
    @Option(help: "Hook invocations to time.") var hooks = 1000
    @Option(help: "Megabytes of transcripts for the import and memory figures.") var importMB = 100
    @Option(help: "The assistant corpus directory.") var corpus: String?

    func run() async throws {
        try await CLIRunner.run {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-bench-assistants-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let binary = HookSettingsTarget.executablePath()
            func figure(_ name: String, _ value: Double, _ unit: String) {
                if json {
                    Output.json(["name": .string(name), "value": .double((value * 1000).rounded() / 1000), "unit": .string(unit)])
                } else {
                    Output.line("\(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%12.3f", value)) \(unit)")
                }
            }
            let db = folder + "/hooks.sqlite"
            // Warm the file (schema) and the page cache once.
            _ = ChildProcess.run(binary, ["hook", "claude-code", "--db", db], stdin: Array(HookPayloads.payload(0, session: "warm").utf8))
            var versions: [Double] = []
            var hookTimes: [Double] = []
            for i in 0..<hooks {
                // Interleaved, so both see the same machine.
                if i % 5 == 0 { versions.append(ChildProcess.run(binary, ["--version"]).milliseconds) }
                let payload = Array(HookPayloads.payload(i, session: "bench-\(i / 50)").utf8)
                hookTimes.append(ChildProcess.run(binary, ["hook", "claude-code", "--db", db], stdin: payload).milliseconds)
            }
            let hookP99 = Percentile.of(hookTimes, 0.99), versionP99 = Percentile.of(versions, 0.99)
            figure("hook_ms_p50", Percentile.of(hookTimes, 0.5), "ms")
            figure("hook_ms_p99", hookP99, "ms")
            figure("version_ms_p50", Percentile.of(versions, 0.5), "ms")
            figure("version_ms_p99", versionP99, "ms")
            figure("hook_vs_version_p99_ratio", hookP99 / max(versionP99, 0.001), "x")

            // 16 hooks at once on one session: every one is stored.
            let concurrent = folder + "/concurrent.sqlite"
            _ = ChildProcess.run(binary, ["hook", "claude-code", "--db", concurrent], stdin: Array(HookPayloads.start(session: "c").utf8))
            DispatchQueue.concurrentPerform(iterations: 16) { i in
                _ = ChildProcess.run(binary, ["hook", "claude-code", "--db", concurrent], stdin: Array(HookPayloads.payload(2, session: "c", call: i).utf8))
            }
            let listed = ChildProcess.run(binary, ["events", "claude-code:c", "--db", concurrent, "--limit", "1000", "--json"], captureOutput: true)
            let stored = listed.output.split(separator: "\n").filter { $0.contains("\"tool.started\"") }.count
            figure("concurrent_hooks_lost", Double(16 - stored), "events")

            guard let root = Self.corpusRoot(corpus) else {
                Output.note("no assistant corpus found: import figures skipped (--corpus)")
                return
            }
            let source = root + "/claude-code/transcripts/spotter-fa812bfe/fa812bfe-b295-4cca-9c2f-fdf01028cb46.jsonl"
            guard let original = FileManager.default.contents(atPath: source) else { throw SessionError(.invalidArgument, "cannot read \(source)") }
            let text = String(decoding: original, as: UTF8.self)
            let lineCount = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            let copies = max(1, importMB * 1_000_000 / original.count)
            let transcripts = folder + "/projects/-bench"
            try FileManager.default.createDirectory(atPath: transcripts, withIntermediateDirectories: true)
            for i in 0..<copies {
                let id = String(format: "00000000-0000-4000-8000-%012d", i)
                try Data(text.replacingOccurrences(of: "fa812bfe-b295-4cca-9c2f-fdf01028cb46", with: id).utf8).write(to: URL(fileURLWithPath: "\(transcripts)/\(id).jsonl"))
            }
            let importDB = folder + "/import.sqlite"
            let run = ChildProcess.run(binary, ["import", "claude-code", transcripts, "--db", importDB])
            let megabytes = Double(original.count * copies) / 1_000_000
            figure("import_mb_s", megabytes / (run.milliseconds / 1000), "MB/s")
            figure("import_lines_s", Double(lineCount * copies) / (run.milliseconds / 1000), "lines/s")
            figure("import_peak_rss_mb", Double(run.maxRSSKB) / 1024, "MB")
            figure("import_total_mb", megabytes, "MB")
            let one = "\(transcripts)/\(String(format: "00000000-0000-4000-8000-%012d", 0)).jsonl"
            var again: [Double] = []
            for _ in 0..<10 { again.append(ChildProcess.run(binary, ["import", "claude-code", one, "--db", importDB]).milliseconds) }
            figure("reimport_unchanged_ms_p50", Percentile.of(again, 0.5), "ms")
        }
    }

    static func corpusRoot(_ given: String?) -> String? {
        let candidates = [given, ProcessInfo.processInfo.environment["SESSIOND_ASSISTANT_CORPUS"], FileManager.default.currentDirectoryPath + "/../shared/corpus/assistants"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0 + "/MANIFEST.md") }
    }
}

/// Real-shaped Claude Code hook payloads (the fields of the shared corpus's captures, with
/// `tool_use_id` as current versions send it): a session's mix of prompts and tool calls.
enum HookPayloads {
    static func start(session: String) -> String {
        JSONWriter.string(base(session, "SessionStart").merging(["source": "startup", "model": "claude-opus-4-6"]))
    }

    static func payload(_ i: Int, session: String, call: Int? = nil) -> String {
        let call = call ?? i / 2
        let id: JSONValue = .string("toolu_bench_\(session)_\(call)")
        let input: JSONValue = ["command": .string("git status --short && ls -la src/\(call)"), "description": "Show the working tree"]
        switch i % 10 {
        case 0: return start(session: session)
        case 1: return JSONWriter.string(base(session, "UserPromptSubmit").merging(["prompt": .string(String(repeating: "Refactor the session store so that ", count: 8))]))
        case 9: return JSONWriter.string(base(session, "Stop").merging(["stop_hook_active": false]))
        default:
            if i % 2 == 0 {
                return JSONWriter.string(base(session, "PreToolUse").merging(["tool_name": "Bash", "tool_input": input, "tool_use_id": id]))
            }
            let stdout = String(repeating: " M Sources/SessionStore/SQLiteSessionStore.swift\n", count: 40)
            return JSONWriter.string(
                base(session, "PostToolUse").merging([
                    "tool_name": "Bash", "tool_input": input, "tool_use_id": id,
                    "tool_response": ["stdout": .string(stdout), "stderr": "", "interrupted": false, "isImage": false],
                ]))
        }
    }

    static func base(_ session: String, _ event: String) -> JSONValue {
        [
            "session_id": .string(session), "transcript_path": .string("/home/dev/.claude/projects/-home-dev-app/\(session).jsonl"),
            "cwd": "/home/dev/app", "permission_mode": "default", "hook_event_name": .string(event),
        ]
    }
}

/// A child process run to its end: wall time, peak RSS (from `wait4`), and its output if asked.
struct ChildProcess {
    var milliseconds: Double
    var maxRSSKB: Int
    var status: Int32
    var output: String

    static func run(_ executable: String, _ arguments: [String], stdin: [UInt8] = [], captureOutput: Bool = false) -> ChildProcess {
        var input: [Int32] = [0, 0], out: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&out) == 0 else { return ChildProcess(milliseconds: 0, maxRSSKB: 0, status: -1, output: "") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO)
        if captureOutput {
            posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        for fd in input + out { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let started = ContinuousClock.now
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(input[0])
        close(out[1])
        if spawned == 0 {
            stdin.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = write(input[1], buffer.baseAddress! + offset, buffer.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
        close(input[1])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while captureOutput {
            let n = chunk.withUnsafeMutableBytes { read(out[0], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            output += chunk[0..<n]
        }
        close(out[0])
        var status: Int32 = 0
        var usage = rusage()
        if spawned == 0 { _ = wait4(pid, &status, 0, &usage) }
        let elapsed = ContinuousClock.now - started
        return ChildProcess(
            milliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
            maxRSSKB: Int(usage.ru_maxrss), status: status, output: String(decoding: output, as: UTF8.self))
    }
}

enum Percentile {
    static func of(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}

import ArgumentParser
import Foundation
import SessionCore
import SessionKit

/// `sessiond import claude-code [PATH…]`: Claude Code transcripts into sessions (``TranscriptImporter``).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an assistant's transcripts into sessions: claude-code (default ~/.claude/projects).",
        discussion: """
            Files or directories (searched for *.jsonl). Idempotent and incremental: the same file twice adds \
            nothing, a grown file adds its new lines, a half-written last line waits for the next run, a copy or \
            moved file adds nothing twice. Junk lines are counted (skipped_lines) and never stop the import. \
            --json prints one line per file: {session_id, external_id, source, events, children, skipped_lines, …}. \
            Codex and Gemini CLI import are not there yet (docs/ASSISTANTS.md).
            """)

    @Argument(help: "The assistant: claude-code.") var assistant: String
    @Argument(help: "Transcript files or directories. (default: ~/.claude/projects)") var paths: [String] = []
    @OptionGroup var store: StoreOptions
    @Option(help: "The user the sessions belong to. (default: $USER)") var user: String?
    @Flag(help: "Keep watching the files and import new lines as they come (every --interval seconds), until interrupted.") var follow = false
    @Option(help: "Seconds between passes with --follow.") var interval: Double = 2

    func run() async throws {
        try await CLIRunner.run {
            guard AssistantKind(rawValue: assistant) == .claudeCode else {
                throw SessionError(.invalidArgument, "import knows claude-code transcripts; '\(assistant)' is not supported yet")
            }
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            let roots = paths.isEmpty ? [(ProcessInfo.processInfo.environment["CLAUDE_CONFIG_DIR"] ?? home + "/.claude") + "/projects"] : paths
            let user = self.user ?? ProcessInfo.processInfo.environment["USER"]
            let (json, follow, interval) = (store.json, self.follow, self.interval)
            try await store.withManager { manager in
                let importer = TranscriptImporter(manager: manager, userID: user)
                var pass = 0
                repeat {
                    let reports = await importer.importAll(roots)
                    for report in reports where !follow || pass == 0 || report.events > 0 {
                        if json {
                            Output.json(report.json)
                        } else {
                            let name = report.externalID.map { "claude-code:\($0)" } ?? report.path
                            Output.line("\(name): \(report.events) new events, \(report.children) children, \(report.lines.junk) skipped lines" + (report.problem.map { " (\($0))" } ?? ""))
                        }
                    }
                    pass += 1
                    if follow { try await Task.sleep(for: .milliseconds(Int64(interval * 1000))) }
                } while follow
            }
        }
    }
}

import ArgumentParser
import Foundation
import SessionCore
import SessionKit

/// `sessiond import claude-code|codex|gemini [PATH…]`: an assistant's transcripts into sessions (``TranscriptImporter``).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an assistant's transcripts into sessions: claude-code (~/.claude/projects), codex (~/.codex/sessions), gemini (~/.gemini/tmp).",
        discussion: """
            Files or directories, searched for Claude Code transcripts (*.jsonl), Codex rollouts (*.jsonl) or Gemini CLI \
            saved sessions and prompt logs (session-*.json, logs.json). Idempotent and incremental: the same file twice adds \
            nothing, a grown file adds its new lines, a half-written last line waits for the next run, a copy or \
            moved file adds nothing twice. Junk lines are counted (skipped_lines) and never stop the import. \
            --json prints one line per file: {session_id, external_id, source, events, children, skipped_lines, …}. \
            Counting rules: docs/ASSISTANTS.md.
            """)

    @Argument(help: "The assistant: claude-code, codex or gemini.") var assistant: String
    @Argument(help: "Transcript files or directories. (default: the assistant's own folder, above)") var paths: [String] = []
    @OptionGroup var store: StoreOptions
    @Option(help: "The user the sessions belong to. (default: $USER)") var user: String?
    @Flag(help: "Keep watching and import new lines as they are written, until interrupted: on a file notification (Linux inotify), else every --interval seconds.")
    var follow = false
    @Option(help: "Seconds between passes with --follow when no change is notified. (default: 30 with file notifications, 2 without)")
    var interval: Double?

    func run() async throws {
        try await CLIRunner.run {
            guard let kind = AssistantKind(rawValue: assistant) else {
                throw SessionError(.invalidArgument, "unknown assistant '\(assistant)': claude-code, codex or gemini")
            }
            let roots = paths.isEmpty ? TranscriptImporter.defaultRoots(kind, environment: ProcessInfo.processInfo.environment) : paths
            let user = self.user ?? ProcessInfo.processInfo.environment["USER"]
            let (json, follow, interval) = (store.json, self.follow, self.interval)
            try await store.withManager { manager in
                let importer = TranscriptImporter(manager: manager, kind: kind, userID: user)
                let seconds = interval ?? (DirectoryWatcher.notifies ? 30 : 2)
                guard seconds > 0, seconds.isFinite else { throw SessionError(.invalidArgument, "--interval must be a positive number of seconds") }
                let ticks = follow ? DirectoryWatcher.ticks(roots, interval: .milliseconds(Int64(seconds * 1000))) : nil
                var iterator = ticks?.makeAsyncIterator()
                var pass = 0
                repeat {
                    let reports = await importer.importAll(roots)
                    for report in reports where !follow || pass == 0 || report.events > 0 {
                        if json {
                            Output.json(report.json)
                        } else {
                            let name = report.externalID.map { "\(kind.rawValue):\($0)" } ?? report.path
                            Output.line("\(name): \(report.events) new events, \(report.children) children, \(report.lines.junk) skipped lines" + (report.problem.map { " (\($0))" } ?? ""))
                        }
                    }
                    if follow, pass == 0 {
                        Output.note(DirectoryWatcher.notifies ? "watching for changes (file notifications; a pass every \(seconds) s as well); Ctrl-C stops" : "watching for changes (a pass every \(seconds) s); Ctrl-C stops")
                    }
                    pass += 1
                } while await iterator?.next() != nil
            }
        }
    }
}

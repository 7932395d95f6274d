import ArgumentParser
import Foundation
import SessionCore

/// `sessiond install claude-code|codex|gemini` and `sessiond uninstall …`: sessiond's hooks in
/// the assistant's settings file, merged in with everything else kept (``HookInstallation``).
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Add sessiond's hooks to an assistant's settings (claude-code, codex, gemini).",
        discussion: """
            Merges a hooks block running `sessiond hook ASSISTANT` into the settings file of --scope: \
            user (~/.claude/settings.json, ~/.codex/hooks.json, ~/.gemini/settings.json), project \
            (.claude/settings.json, .codex/hooks.json, .gemini/settings.json under --project-dir) or local \
            (.claude/settings.local.json). Everything else in the file is kept; running it again changes \
            nothing; the file is copied to FILE.bak-<time> before it is changed. --db or --server here are \
            passed on to the hook command.
            """)

    @OptionGroup var target: HookSettingsTarget
    @Flag(help: "Print the settings that would be written, and write nothing.") var dryRun = false

    func run() async throws {
        try await CLIRunner.run {
            let installation = HookInstallation(kind: try target.kind(), command: try target.hookCommand())
            let path = try target.settingsPath()
            let current = try HookSettingsFile.read(path)
            let (settings, changed) = try installation.installed(into: current ?? .emptyObject)
            if dryRun {
                Output.line(JSONWriter.pretty(settings).trimmingCharacters(in: .newlines))
                Output.note(changed ? "would write \(path)" : "\(path) already has these hooks")
                return
            }
            guard changed else { return Output.note("\(path) already has sessiond's hooks") }
            let backup = try HookSettingsFile.write(settings, to: path, backingUp: current != nil)
            Output.note("installed sessiond's \(installation.kind.rawValue) hooks in \(path)" + (backup.map { " (backup: \($0))" } ?? ""))
        }
    }
}

struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove sessiond's hooks from an assistant's settings, and nothing else.")

    @OptionGroup var target: HookSettingsTarget
    @Flag(help: "Print the settings that would be written, and write nothing.") var dryRun = false

    func run() async throws {
        try await CLIRunner.run {
            let installation = HookInstallation(kind: try target.kind(), command: "")
            let path = try target.settingsPath()
            guard let current = try HookSettingsFile.read(path) else { return Output.note("\(path) does not exist: nothing to remove") }
            let (settings, removed) = try installation.uninstalled(from: current)
            if dryRun {
                Output.line(JSONWriter.pretty(settings).trimmingCharacters(in: .newlines))
                Output.note("would remove \(removed) hook command(s) from \(path)")
                return
            }
            guard removed > 0 else { return Output.note("\(path) has no sessiond hooks") }
            let backup = try HookSettingsFile.write(settings, to: path, backingUp: true)
            Output.note("removed \(removed) hook command(s) from \(path)" + (backup.map { " (backup: \($0))" } ?? ""))
        }
    }
}

/// Which assistant, which settings file, and what the hook command passes on.
struct HookSettingsTarget: ParsableArguments {
    enum Scope: String, ExpressibleByArgument, CaseIterable {
        case user, project, local
    }

    @Argument(help: "The assistant: claude-code, codex or gemini.") var assistant: String
    @Option(help: "Whose settings: user, project or local (claude-code only).") var scope: Scope = .user
    @Option(help: "The project for --scope project or local. (default: the current directory)") var projectDir: String?
    @Option(help: "The SQLite file the hook records into. (default: the default store)") var db: String?
    @Option(help: "Record through this sessiond server instead of a local store.") var server: String?

    func kind() throws -> AssistantKind {
        guard let kind = AssistantKind(rawValue: assistant) else {
            throw SessionError(.invalidArgument, "unknown assistant '\(assistant)': claude-code, codex or gemini")
        }
        return kind
    }

    func settingsPath(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let project = projectDir ?? FileManager.default.currentDirectoryPath
        switch (try kind(), scope) {
        case (.claudeCode, .user): return (environment["CLAUDE_CONFIG_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.claude") + "/settings.json"
        case (.claudeCode, .project): return project + "/.claude/settings.json"
        case (.claudeCode, .local): return project + "/.claude/settings.local.json"
        case (.codex, .user): return (environment["CODEX_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.codex") + "/hooks.json"
        case (.codex, .project): return project + "/.codex/hooks.json"
        case (.gemini, .user): return home + "/.gemini/settings.json"
        case (.gemini, .project): return project + "/.gemini/settings.json"
        case (let kind, .local): throw SessionError(.invalidArgument, "--scope local is for claude-code; \(kind.rawValue) has user and project")
        }
    }

    /// `'/path/to/sessiond' hook claude-code [--db '…'] [--server '…']`, with this executable's path.
    func hookCommand() throws -> String {
        var words = [Self.quoted(Self.executablePath()), "hook", try kind().rawValue]
        if let db { words += ["--db", Self.quoted(URL(fileURLWithPath: db).standardizedFileURL.path)] }
        if let server { words += ["--server", Self.quoted(server)] }
        return words.joined(separator: " ")
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Reading and writing an assistant's settings file: a backup first, then a whole new file
/// renamed into place, so the assistant never reads half of one.
enum HookSettingsFile {
    static func read(_ path: String) throws -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .emptyObject }
        do {
            return try JSONParser.parse(Array(data))
        } catch {
            throw SessionError(.invalidArgument, "\(path) is not valid JSON (\(error.message)); fix it or move it away first")
        }
    }

    /// Writes `settings`; returns the backup's path if one was made.
    static func write(_ settings: JSONValue, to path: String, backingUp: Bool) throws -> String? {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var backup: String?
        if backingUp {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            var copy = path + ".bak-" + stamp
            var n = 1
            while FileManager.default.fileExists(atPath: copy) {  // never overwrite an earlier backup
                copy = path + ".bak-" + stamp + "-\(n)"
                n += 1
            }
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            backup = copy
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).sessiond-tmp")
        try Data(JSONWriter.pretty(settings).utf8).write(to: temporary)
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary.path)
        }
        guard rename(temporary.path, path) == 0 else { throw SessionError(.invalidArgument, "cannot replace \(path): \(String(cString: strerror(errno)))") }
        return backup
    }
}

import ArgumentParser
import Logging
import Foundation
import SessionServer

@main
struct Sessiond: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessiond",
        abstract: "The session lifecycle service for developer tools and AI assistants.",
        discussion: """
            Manages sessions (runs of tools, agents and sub-agents) on an embedded SQLite file by default, \
            or on PostgreSQL with --postgres URL. Every command takes --json for machine output.
            """,
        version: BuildVersion.text,
        subcommands: [
            CreateCommand.self, AppendCommand.self, ShowCommand.self, ListCommand.self, EventsCommand.self,
            StateCommand.self, TreeCommand.self, MetricsCommand.self, VerifyCommand.self,
            HeartbeatCommand.self, MoveCommand<StartMove>.self, MoveCommand<SuspendMove>.self, MoveCommand<ResumeMove>.self, RecoverCommand.self,
            UndoCommand.self, RedoCommand.self, MoveCommand<EndMove>.self, MoveCommand<FailMove>.self, MoveCommand<TerminateMove>.self,
            SweepCommand.self, ServeCommand.self, BenchCommand.self, HookCommand.self, InstallCommand.self, UninstallCommand.self, ImportCommand.self,
            TokenCommand.self, AuditCommand.self, RetentionCommand.self, ArchiveCommand.self, HoldCommand.self, UnholdCommand.self, ConsentCommand.self, ExportCommand.self, EraseCommand.self, TrashCommand.self,
        ]
    )

    static func main() async {
        // A hook never fails its assistant: not even on arguments it cannot parse.
        if CommandLine.arguments.dropFirst().first == "hook" {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
            do {
                let command = try HookCommand.parse(Array(CommandLine.arguments.dropFirst(2)))
                await command.run()
            } catch let error as CleanExit {
                HookCommand.exit(withError: error)  // --help
            } catch {
                HookLog(dataDirectory: HookCommand.dataDirectory(db: nil)).write(
                    assistant: CommandLine.arguments.dropFirst(2).first ?? "", event: nil, code: "bad_arguments",
                    message: HookCommand.message(for: error))
            }
            Foundation.exit(0)
        }
        do {
            var command = try parseAsRoot()
            let serve = command as? ServeCommand
            let level = serve?.resolvedLogLevel ?? .warning
            if serve?.resolvedLogFormat == "json" {
                LoggingSystem.bootstrap { label in
                    var handler = JSONLogHandler(label: label)
                    handler.logLevel = level
                    return handler
                }
            } else {
                LoggingSystem.bootstrap { label in
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

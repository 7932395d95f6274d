import ArgumentParser
import Foundation
import SessionClient
import SessionCore
import SessionKit

/// Which ``SessionMove`` one move command makes.
protocol MoveKind: Sendable {
    static var move: SessionMove { get }
}

/// A lifecycle move on one session (`sessiond end ID --reason …`): every move command is this
/// one ``SessionCommand`` over its ``MoveKind``; it prints the session afterwards.
struct MoveCommand<Kind: MoveKind>: SessionCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: Kind.move.rawValue, abstract: Kind.move.abstract) }
    @OptionGroup var target: SessionTarget
    @Option(help: "Why: kept as the end reason when the move ends the session, recorded with the move otherwise.") var reason: String?

    func ask(_ sessions: any SessionOperations, _ id: UUID) async throws -> Session { try await sessions.transition(id, Kind.move, reason: reason) }
    func show(_ moved: Session) { Output.moved(moved, json: target.json) }
}

extension SessionMove {
    /// The line `--help` shows for the move's command.
    var abstract: String {
        switch self {
        case .start: "Start a session created with --no-start."
        case .suspend: "Detach: an active or idle session is suspended (no idle timeouts) until resumed."
        case .resume: "Attach: a suspended session becomes active."
        case .end: "End a session gracefully (completed, outcome ok); live children are closed per its policy."
        case .fail: "End a session as failed (outcome errored)."
        case .terminate: "Terminate a session (an operator's move; outcome abandoned)."
        }
    }
}

enum StartMove: MoveKind { static let move = SessionMove.start }
enum SuspendMove: MoveKind { static let move = SessionMove.suspend }
enum ResumeMove: MoveKind { static let move = SessionMove.resume }
enum EndMove: MoveKind { static let move = SessionMove.end }
enum FailMove: MoveKind { static let move = SessionMove.fail }
enum TerminateMove: MoveKind { static let move = SessionMove.terminate }

struct HeartbeatCommand: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "heartbeat", abstract: "Tell sessiond the client is alive (keeps the session from expiring).")
    @OptionGroup var target: SessionTarget

    func ask(_ sessions: any SessionOperations, _ id: UUID) async throws -> Session { try await sessions.heartbeat(id) }
    func show(_ session: Session) { Output.moved(session, json: target.json) }
}

struct RecoverCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover", abstract: "Reattach to a live session: prints its context, state and last events.",
        discussion: "A session past its limits is failed (reason timeout) and the command exits 1 with session_stale.")
    @OptionGroup var target: SessionTarget

    func ask(_ sessions: any SessionOperations, _ id: UUID) async throws -> SessionRecovery { try await sessions.recover(id) }

    func show(_ recovery: SessionRecovery) {
        if target.json { return Output.json(recovery.json) }
        Output.line("\(recovery.session.id.lowercased) \(recovery.session.status.rawValue)")
        Output.line("context \(recovery.context)")
        Output.line("state   \(recovery.state)")
        for event in recovery.recentEvents { Output.line(Text.event(event)) }
    }
}

/// `undo` and `redo` print the appended event.
struct UndoCommand: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Revert the last state-changing event by appending its inverse.")
    @OptionGroup var target: SessionTarget
    func ask(_ sessions: any SessionOperations, _ id: UUID) async throws -> SessionEvent { try await sessions.undo(id) }
    func show(_ event: SessionEvent) { Output.event(event, json: target.json) }
}

struct RedoCommand: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "redo", abstract: "Re-apply the last undone event.")
    @OptionGroup var target: SessionTarget
    func ask(_ sessions: any SessionOperations, _ id: UUID) async throws -> SessionEvent { try await sessions.redo(id) }
    func show(_ event: SessionEvent) { Output.event(event, json: target.json) }
}

struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Run one sweeper pass now: idle, warn, expire and fail sessions whose deadlines passed.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions

    func run() async throws {
        try await CLIRunner.run {
            try remote.requireLocal(store, command: "sweep")
            let report = try await store.withManager { manager in try await manager.sweep() }
            if store.json {
                Output.json(report.json)
            } else {
                Output.line("checked \(report.checked): idled \(report.idled), warned \(report.warned), expired \(report.expired), lost \(report.lost), cascaded \(report.cascaded)")
            }
        }
    }
}

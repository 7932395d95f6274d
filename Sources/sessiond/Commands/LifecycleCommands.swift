import ArgumentParser
import Foundation
import SessionClient
import SessionCore
import SessionKit

/// A lifecycle move on one session, printing the session afterwards.
protocol TransitionCommand: AsyncParsableCommand, Sendable {
    var store: StoreOptions { get }
    var remote: ServerOptions { get }
    var session: SessionIDArgument { get }
    var reasonText: String? { get }
    func perform(_ backend: any SessionBackend, _ id: UUID, _ reason: String?) async throws -> Session
}

extension TransitionCommand {
    var reasonText: String? { nil }

    func run() async throws {
        try await CLIRunner.run {
            let id = try session.uuid()
            let reason = reasonText
            let updated = try await store.withBackend(remote) { backend in try await perform(backend, id, reason) }
            if store.json {
                Output.json(updated.json(full: false))
            } else {
                Output.line("\(updated.id.lowercased) \(updated.status.rawValue)" + (updated.endReason.map { " (\($0))" } ?? ""))
            }
        }
    }
}

struct HeartbeatCommand: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "heartbeat", abstract: "Tell sessiond the client is alive (keeps the session from expiring).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    func perform(_ backend: any SessionBackend, _ id: UUID, _ reason: String?) async throws -> Session { try await backend.heartbeat(id) }
}

struct StartCommand: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a session created with --no-start.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    func perform(_ backend: any SessionBackend, _ id: UUID, _ reason: String?) async throws -> Session { try await backend.transition(id, .start, reason: nil) }
}

struct SuspendCommand: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Detach: an active or idle session is suspended (no idle timeouts) until resumed.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    func perform(_ backend: any SessionBackend, _ id: UUID, _ reason: String?) async throws -> Session { try await backend.transition(id, .suspend, reason: nil) }
}

struct ResumeCommand: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Attach: a suspended session becomes active.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    func perform(_ backend: any SessionBackend, _ id: UUID, _ reason: String?) async throws -> Session { try await backend.transition(id, .resume, reason: nil) }
}

struct EndCommand: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "End a session gracefully (completed, outcome ok); live children are closed per its policy.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    @Option(help: "Why it ended.") var reason: String?
    var reasonText: String? { reason }
    func perform(_ backend: any SessionBackend, _ id: UUID, _ reason: String?) async throws -> Session { try await backend.transition(id, .end, reason: reason) }
}

struct FailCommand: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "fail", abstract: "End a session as failed (outcome errored).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    @Option(help: "What went wrong.") var reason: String?
    var reasonText: String? { reason }
    func perform(_ backend: any SessionBackend, _ id: UUID, _ reason: String?) async throws -> Session { try await backend.transition(id, .fail, reason: reason) }
}

struct TerminateCommand: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "terminate", abstract: "Terminate a session (an operator's move; outcome abandoned).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    @Option(help: "Why.") var reason: String?
    var reasonText: String? { reason }
    func perform(_ backend: any SessionBackend, _ id: UUID, _ reason: String?) async throws -> Session { try await backend.transition(id, .terminate, reason: reason) }
}

struct RecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover", abstract: "Reattach to a live session: prints its context, state and last events.",
        discussion: "A session past its limits is failed (reason timeout) and the command exits 1 with session_stale.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument

    func run() async throws {
        try await CLIRunner.run {
            let id = try session.uuid()
            let recovery = try await store.withBackend(remote) { backend in try await backend.recover(id) }
            if store.json {
                Output.json(recovery.json)
            } else {
                Output.line("\(recovery.session.id.lowercased) \(recovery.session.status.rawValue)")
                Output.line("context \(recovery.context)")
                Output.line("state   \(recovery.state)")
                for event in recovery.recentEvents { Output.line(Text.event(event)) }
            }
        }
    }
}

/// `undo` and `redo`: print the appended event.
protocol HistoryCommand: AsyncParsableCommand, Sendable {
    var store: StoreOptions { get }
    var remote: ServerOptions { get }
    var session: SessionIDArgument { get }
    func perform(_ backend: any SessionBackend, _ id: UUID) async throws -> SessionEvent
}

extension HistoryCommand {
    func run() async throws {
        try await CLIRunner.run {
            let id = try session.uuid()
            let event = try await store.withBackend(remote) { backend in try await perform(backend, id) }
            Output.event(event, json: store.json)
        }
    }
}

struct UndoCommand: HistoryCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Revert the last state-changing event by appending its inverse.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    func perform(_ backend: any SessionBackend, _ id: UUID) async throws -> SessionEvent { try await backend.undo(id) }
}

struct RedoCommand: HistoryCommand {
    static let configuration = CommandConfiguration(commandName: "redo", abstract: "Re-apply the last undone event.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument
    func perform(_ backend: any SessionBackend, _ id: UUID) async throws -> SessionEvent { try await backend.redo(id) }
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

import ArgumentParser
import Foundation
import SessionCore

/// A command on one session (`sessiond show ID`, `sessiond end ID`): it asks
/// `any SessionOperations` (the local store, or `--server`) for one answer and prints it.
protocol SessionCommand: AsyncParsableCommand, Sendable {
    associatedtype Answer: Sendable
    var target: SessionTarget { get }
    func ask(_ sessions: any SessionOperations, _ id: UUID) async throws -> Answer
    func show(_ answer: Answer)
}

extension SessionCommand {
    func run() async throws {
        try await CLIRunner.run {
            let reference = try target.session.reference()
            show(try await target.store.withSessions(target.remote) { sessions in try await ask(sessions, try await sessions.id(of: reference)) })
        }
    }
}

import ArgumentParser
import Foundation
import SessionCore
import SessionKit
import SessionStore

/// `sessiond erase --user U`: what `DELETE /v1/users/{user}` does, on the local store.
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase all of a user's data (sessions, events, snapshots, labels, archives); audited.",
        discussion: "Refused whole (legal_hold) if a legal hold covers any of the user's sessions. See docs/PRIVACY.md for what each backend guarantees about old bytes.")
    @OptionGroup var store: StoreOptions
    @Option(help: "The user whose data to erase.") var user: String

    func run() async throws {
        try await CLIRunner.run {
            let user = self.user
            let (erased, archives) = try await store.withManager { manager in
                _ = try await manager.store.appendAudit(AuditEntry(time: manager.clock.now(), actor: "cli", action: "user.erase", target: "user:\(user)"))
                let result = try await manager.eraseUser(user)
                _ = try await manager.store.appendAudit(
                    AuditEntry(
                        time: manager.clock.now(), actor: "cli", action: "user.erased", target: "user:\(user)",
                        details: ["erased": result.erased.json, "archives": .int(Int64(result.archives))]))
                return result
            }
            if store.json { return Output.json(["user_id": .string(user), "erased": erased.json, "archives": .int(Int64(archives))]) }
            Output.line("erased \(erased.sessions) sessions, \(erased.events) events, \(erased.snapshots) snapshots, \(archives) archives of \(user)")
        }
    }
}

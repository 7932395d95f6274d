import ArgumentParser
import Foundation
import SessionCore
import SessionKit
import SessionStore

/// `sessiond erase --user U`: what `DELETE /v1/users/{user}` does, on the local store.
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase all of a user's data (sessions, events, snapshots, labels, archives, keys); audited.",
        discussion: """
            With a policy whose retention section keeps a trash (trash_grace, default 7d), the data goes to the trash \
            first: `sessiond trash restore --user U` brings it back until a retention run purges it. --now erases for good \
            at once, with whatever of the user is in the trash. Refused whole (legal_hold) if a legal hold covers any of \
            the user's sessions. See docs/PRIVACY.md for what each backend guarantees about old bytes.
            """)
    @OptionGroup var store: StoreOptions
    @Option(help: "The user whose data to erase.") var user: String
    @Flag(help: "Erase for good now, skipping the trash.") var now = false

    func run() async throws {
        try await CLIRunner.run {
            let (user, now) = (self.user, self.now)
            let report = try await store.withManager { manager in
                _ = try await manager.store.appendAudit(AuditEntry(time: manager.clock.now(), actor: "cli", action: "user.erase", target: "user:\(user)"))
                let report = try await manager.eraseUser(user, immediately: now)
                _ = try await manager.store.appendAudit(
                    AuditEntry(time: manager.clock.now(), actor: "cli", action: "user.erased", target: "user:\(user)", details: .object(report.fields)))
                return report
            }
            if store.json { return Output.json(.object(report.fields.merging(["user_id": .string(user)]) { $1 })) }
            let erased = report.erased
            let what = "\(erased.sessions) sessions, \(erased.events) events, \(erased.snapshots) snapshots of \(user)"
            if let purgeAfter = report.purgeAfter {
                Output.line("moved \(what) to the trash, purged after \(purgeAfter.iso8601)")
            } else {
                Output.line("erased \(what), \(report.archives) archives, \(report.keys) keys")
            }
        }
    }
}

/// `sessiond trash list|restore|purge`: erased users' data waiting out the grace period.
struct TrashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trash", abstract: "Erased data waiting out the policy's trash_grace.",
        subcommands: [TrashListCommand.self, TrashRestoreCommand.self, TrashPurgeCommand.self], defaultSubcommand: TrashListCommand.self)
}

struct TrashListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Users with sessions in the trash, and since when.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await CLIRunner.run {
            let users = try await store.withManager { manager in try await manager.store.trashed() }
            if store.json { return users.forEach { Output.json($0.json) } }
            if users.isEmpty { return Output.line("the trash is empty") }
            for user in users { Output.line("\(user.userID)\t\(user.sessions) sessions\ttrashed \(user.trashedAt.iso8601)") }
        }
    }
}

struct TrashRestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Bring a user's erased sessions back from the trash (audited).")
    @OptionGroup var store: StoreOptions
    @Option(help: "The user whose sessions to restore.") var user: String

    func run() async throws {
        try await CLIRunner.run {
            let user = self.user
            let restored = try await store.withManager { manager in try await manager.restoreTrash(user: user, actor: "cli") }
            if store.json { return Output.json(["user_id": .string(user), "restored": restored.json]) }
            Output.line("restored \(restored.sessions) sessions, \(restored.events) events of \(user)")
        }
    }
}

struct TrashPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Purge for good what has been in the trash past trash_grace (held data stays).")
    @OptionGroup var store: StoreOptions
    @Flag(help: "Purge everything in the trash, whatever its age.") var all = false

    func run() async throws {
        try await CLIRunner.run {
            let grace: Duration? = all ? nil : try store.engineConfiguration().trashGrace
            if !all, grace == nil {
                throw ValidationError("trash purge needs a policy with a retention section (its trash_grace), or --all")
            }
            let result = try await store.withManager { manager in
                let now = manager.clock.now()
                let before = grace.map { Timestamp(milliseconds: now.milliseconds - $0.milliseconds) } ?? Timestamp(milliseconds: .max)
                let result = try await manager.purgeTrash(trashedBefore: before)
                if result.purge.erased.sessions > 0 {
                    _ = try await manager.store.appendAudit(
                        AuditEntry(
                            time: now, actor: "cli", action: "trash.purge", target: nil,
                            details: ["erased": result.purge.erased.json, "archives": .int(Int64(result.archives)), "keys_destroyed": .int(Int64(result.keys))]))
                }
                return result
            }
            let erased = result.purge.erased
            if store.json {
                return Output.json(["erased": erased.json, "archives": .int(Int64(result.archives)), "keys_destroyed": .int(Int64(result.keys))])
            }
            Output.line("purged \(erased.sessions) sessions, \(erased.events) events, \(result.archives) archives, \(result.keys) keys")
        }
    }
}

public import ArgumentParser
import Foundation
public import SessionCore
import SessionKit

/// The policy file retention commands read: `--policy`, else `$SESSIOND_POLICY`.
extension StoreOptions {
    func retention() throws -> (RetentionPolicy, DirectoryArchiveStore) {
        guard let path = policyPath() else {
            throw ValidationError("retention needs a policy file with a retention section: --policy FILE or $SESSIOND_POLICY")
        }
        let policy = try PrivacyPolicy(file: path)
        guard let retention = policy.retention, let archive = policy.archiveStore(policyFile: path) else {
            throw SessionError(.invalidArgument, "policy \(path): no retention section")
        }
        return (retention, archive)
    }
}

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Apply the policy file's retention periods.", subcommands: [RetentionRunCommand.self])
}

struct RetentionRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Archive every ended session past its retention period (events to the archive directory).",
        discussion: """
            Held sessions stay. Metadata, metrics and the final snapshot stay queryable; `sessiond archive restore ID` \
            brings the events back. Then purges what has been in the trash longer than trash_grace. Prints what was \
            archived, per final status (with --dry-run: what would be; a dry run purges nothing).
            """)
    @OptionGroup var store: StoreOptions
    @Flag(help: "Only report what would be archived.") var dryRun = false

    func run() async throws {
        let (policy, archive) = try store.retention()
        let dryRun = self.dryRun
        let report = try await store.withManager { manager in try await manager.runRetention(policy, archive: archive, dryRun: dryRun, actor: "cli") }
        if store.json { return Output.json(report.json) }
        let statuses = report.archived.keys.sorted().map { "\($0) \(report.archived[$0]!)" }.joined(separator: ", ")
        Output.line(
            "\(dryRun ? "would archive" : "archived") \(report.total) sessions\(statuses.isEmpty ? "" : " (\(statuses))"), \(report.events) events, \(report.skipped) skipped, \(report.purged) purged from the trash")
    }
}

struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Archived sessions.", subcommands: [ArchiveRestoreCommand.self])
}

struct ArchiveRestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Bring an archived session's events back from the archive; `verify` passes on them.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Session id.") var id: String

    func run() async throws {
        guard let sessionID = UUID(text: id) else { throw ValidationError("\(id) is not a session id") }
        let (_, archive) = try store.retention()
        let restored = try await store.withManager { manager in try await manager.restore(sessionID, from: archive) }
        if store.json { return Output.json(["session_id": .string(sessionID.lowercased), "events": .int(Int64(restored))]) }
        Output.line("restored \(restored) events of \(sessionID.lowercased)")
    }
}

struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Place a legal hold: retention and erasure leave the covered sessions alone (audited).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "A session id, or a user id with --scope user.") var target: String
    @Option(help: "session, tree (the session's whole tree) or user.") var scope: LegalHold.Scope = .session
    @Option(help: "Why (recorded in the audit log).") var reason: String

    func run() async throws {
        let (scope, target, reason) = (self.scope, self.target, self.reason)
        let hold = try await store.withManager { manager in try await manager.placeHold(scope, target: target, reason: reason, actor: "cli") }
        if store.json { return Output.json(hold.json) }
        Output.line("held \(hold.scope.rawValue) \(hold.target)")
    }
}

struct UnholdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unhold", abstract: "Release a legal hold (audited).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The target the hold was placed on.") var target: String
    @Option(help: "session, tree or user.") var scope: LegalHold.Scope = .session

    func run() async throws {
        let (scope, target) = (self.scope, self.target)
        let released = try await store.withManager { manager in try await manager.releaseHold(scope, target: target, actor: "cli") }
        guard released else { throw SessionError(.invalidArgument, "no hold of \(scope.rawValue) \(target) is in force") }
        if !store.json { Output.line("released \(scope.rawValue) \(target)") }
    }
}

extension LegalHold.Scope: ExpressibleByArgument {}

import ArgumentParser
import Foundation
import SessionCore
import SessionKit
import SessionStore

/// `sessiond export --user U [--anonymize]` and `sessiond export verify FILE`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a user's data as signed JSON Lines, or check such an export.",
        subcommands: [ExportUserCommand.self, ExportVerifyCommand.self], defaultSubcommand: ExportUserCommand.self)
}

struct ExportUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Write all of a user's data to stdout (the default).",
        discussion: """
            JSON Lines: each session, its events and snapshots, then a signed manifest (docs/PRIVACY.md). \
            --anonymize pseudonymises user ids and host names under a key of this export only, applies redaction \
            again and, with --coarsen, rounds times down. Audited as user.export.
            """)
    @OptionGroup var store: StoreOptions
    @Option(help: "The user whose data to export.") var user: String
    @Flag(help: "Pseudonymise users and hosts, redact again.") var anonymize = false
    @Option(help: "With --anonymize: round times down to this (e.g. 1h, 1d).") var coarsen: String?

    func run() async throws {
        try await CLIRunner.run {
            if coarsen != nil, !anonymize { throw ValidationError("--coarsen needs --anonymize") }
            let coarsen = try self.coarsen.map { text throws(SessionError) in try DurationText.parse(text) }
            let (user, anonymize) = (self.user, self.anonymize)
            try await store.withManager { manager in
                let anonymizer = anonymize ? ExportAnonymizer(key: ExportAnonymizer.newKey(), coarsen: coarsen, redactor: manager.configuration.redactor) : nil
                _ = try await manager.store.appendAudit(
                    AuditEntry(time: manager.clock.now(), actor: "cli", action: "user.export", target: "user:\(user)", details: ["anonymized": .bool(anonymize)]))
                try await manager.exportUser(user, anonymizer: anonymizer) { bytes in FileHandle.standardOutput.write(Data(bytes)) }
            }
        }
    }
}

struct ExportVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check an export file against its manifest's digest and signature; exits 1 if it does not hold.")
    @Argument(help: "The export file.") var file: String

    func run() async throws {
        try await CLIRunner.run {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let manifest = try ExportManifest.verify(Array(data))
            Output.line("ok: \(manifest["lines"]?.int64Value ?? 0) lines, \(manifest["sessions"]?.arrayValue?.count ?? 0) sessions, key \(manifest["public_key"]?.stringValue ?? "")")
        }
    }
}

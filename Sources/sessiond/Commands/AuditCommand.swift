import ArgumentParser
import SessionCore
import SessionKit
import SessionStore

/// `sessiond audit`: the audit log of the store, oldest first, a page at a time (what
/// `GET /v1/audit` answers an admin).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show or verify the audit log.", subcommands: [AuditListCommand.self, AuditVerifyCommand.self],
        defaultSubcommand: AuditListCommand.self)
}

/// `sessiond audit [list]`.
struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show the audit log (the default).",
        discussion: """
            Reads of session data, exports, erasures, admin overrides and token changes, oldest first (see \
            docs/SECURITY.md), from the store or, with --server URL --token ADMIN_TOKEN, a server. One entry per line: id, time, actor, action, target, details; with --json one object per \
            line. A full page ends with the --after value of the next one (on stderr in text mode).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @Option(help: "Start after this entry id.") var after: Int64 = 0
    @Option(help: "Page size, 1 to 1000.") var limit: Int = 100

    func validate() throws {
        guard after >= 0 else { throw ValidationError("--after must be an audit entry id (0 or more)") }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
    }

    func run() async throws {
        try await CLIRunner.run {
            let (after, limit) = (self.after, self.limit)
            let page = try await store.withAdmin(remote) { admin in try await admin.audit(after: after, limit: limit) }
            for entry in page.entries {
                if store.json {
                    Output.json(entry.json)
                } else {
                    let details = entry.details == .emptyObject ? "" : "  " + JSONWriter.string(entry.details)
                    Output.line(
                        "\(String(entry.id).padding(6))  \(entry.time.iso8601)  \(entry.actor.padding(14))  \(entry.action.padding(16))  \(entry.target ?? "-")\(details)")
                }
            }
            if let next = page.nextAfter, !store.json { Output.note("more: sessiond audit --after \(next)") }
        }
    }
}

/// `sessiond audit verify`: recomputes the chain of the local store's audit log.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the audit log's hash chain; exits 1 at the first broken link.",
        discussion: "Entries written before the chain existed (sessiond before migration 5) are reported as unchained, not broken.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await CLIRunner.run {
            let result = try await store.withManager { manager in try await manager.verifyAudit() }
            if store.json {
                var o: [String: JSONValue] = ["intact": .bool(result.isIntact), "checked": .int(result.checked)]
                o["first_broken_id"] = result.firstBrokenID.map(JSONValue.int)
                o["problem"] = result.problem.map(JSONValue.string)
                o["head"] = result.lastHash.map(JSONValue.string)
                Output.json(.object(o))
            } else if result.isIntact {
                Output.line("ok: \(result.checked) entries, head \(result.lastHash ?? "none")")
            } else {
                Output.line("broken at entry \(result.firstBrokenID ?? 0): \(result.problem ?? "")")
            }
            if !result.isIntact { throw ExitCode(1) }
        }
    }
}

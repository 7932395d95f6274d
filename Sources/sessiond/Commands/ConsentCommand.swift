import ArgumentParser
import Foundation
import SessionCore
import SessionKit
import SessionStore

/// `sessiond consent set|show`: a user's consent record on the local store.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent", abstract: "A user's consent: which categories sessiond may record (see docs/PRIVACY.md).",
        subcommands: [ConsentSetCommand.self, ConsentShowCommand.self])
}

struct ConsentSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Record a user's consent (audited); it applies to every write from then on.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "User id.") var user: String
    @Option(help: "Comma-separated categories: context, content, telemetry; empty for none.") var categories: String
    @Option(help: "The version of the privacy notice agreed to.") var policyVersion: String?

    func run() async throws {
        var set: Set<ConsentCategory> = []
        for name in categories.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let category = ConsentCategory(rawValue: name) else {
                throw ValidationError("unknown category \(name): categories are context, content and telemetry")
            }
            set.insert(category)
        }
        let (user, version, chosen) = (self.user, policyVersion, set)
        let record = try await store.withManager { manager in
            try await manager.setConsent(user: user, categories: chosen, policyVersion: version, actor: "cli")
        }
        if store.json { return Output.json(record.json) }
        Output.line("\(user): \(record.categories.map(\.rawValue).joined(separator: ",").nonEmpty ?? "nothing")")
    }
}

struct ConsentShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a user's consent record; exits 1 if none.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "User id.") var user: String

    func run() async throws {
        let user = self.user
        guard let record = try await store.withManager({ manager in try await manager.store.consent(userID: user) }) else {
            throw SessionError(.invalidArgument, "no consent recorded for user \(user)")
        }
        if store.json { return Output.json(record.json) }
        Output.line(
            "\(user): \(record.categories.map(\.rawValue).joined(separator: ",").nonEmpty ?? "nothing")  version \(record.policyVersion ?? "-")  \(record.updatedAt.iso8601) by \(record.updatedBy)")
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

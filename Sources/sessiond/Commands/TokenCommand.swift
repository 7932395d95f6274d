import ArgumentParser
import Foundation
import SessionCore
import SessionKit
import SessionStore

/// `sessiond token create|ls|revoke`: API tokens, stored as SHA-256 hashes in the same store
/// the server uses, which looks them up on every request: changes take effect at once.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.",
        discussion: """
            Once any token exists, every /v1 request needs Authorization: Bearer TOKEN. Roles: reader, writer, operator, \
            admin (see docs/SECURITY.md). A token bound to a user (--user) sees only that user's sessions. The token \
            text is shown once, at creation; only its SHA-256 hash is stored. Changes apply at once, also to a running server. \
            On the store directly (--db, --postgres, the default file), or on a server with --server URL --token ADMIN_TOKEN.
            """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self])

    static func now() -> Timestamp { Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded())) }
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a token and print it once.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @Option(help: "reader, writer, operator or admin.") var role: String
    @Option(help: "Bind the token to this user: it reaches only that user's sessions.") var user: String?
    @Option(help: "A label for people.") var name: String?

    func run() async throws {
        try await CLIRunner.run {
            let request = CreateTokenRequest(role: try CreateTokenRequest.role(role), userID: user, name: name)
            try request.validate()
            let issued = try await store.withAdmin(remote) { admin in try await admin.createToken(request) }
            let token = issued.token
            if store.json {
                Output.json(issued.json)
            } else {
                Output.line("token   \(issued.text)")
                Output.line("id      \(token.id)")
                Output.line("role    \(token.role.rawValue)" + (user.map { " (user \($0))" } ?? ""))
                Output.line("Store it now: it is shown only this once.")
            }
        }
    }
}

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List tokens (never their text or hash).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions

    func run() async throws {
        try await CLIRunner.run {
            let tokens = try await store.withAdmin(remote) { admin in try await admin.tokens() }
            for token in tokens {
                if store.json {
                    Output.json(token.json)
                } else {
                    let state = token.revokedAt.map { "revoked \($0.iso8601)" } ?? "active"
                    Output.line(
                        "\(token.id)  \(token.role.rawValue.padding(8))  \((token.userID ?? "-").padding(10))  \(state.padding(32))  \(token.name)")
                }
            }
        }
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token: refused at once.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @Argument(help: "The token id (from token ls).") var id: String

    func run() async throws {
        try await CLIRunner.run {
            let id = self.id
            let revoked = try await store.withAdmin(remote) { admin in try await admin.revokeToken(id: id) }
            guard revoked else { CLIRunner.fail(code: "token_not_found", message: "no active token \(id)") }
            if store.json { Output.json(["id": .string(id), "revoked": true]) } else { Output.line("revoked \(id)") }
        }
    }
}

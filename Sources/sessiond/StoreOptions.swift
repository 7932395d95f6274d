import ArgumentParser
import Foundation
import Logging
import SessionClient
import SessionCore
import SessionKit
import SessionStore
import SessionStorePostgres
import SessionStoreSQLite

/// Where the sessions are: an SQLite file (default) or a PostgreSQL database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file. (default: $XDG_DATA_HOME/sessiond/sessions.sqlite, or ~/.local/share/sessiond/sessions.sqlite)")
    var db: String?

    @Option(name: .long, help: "PostgreSQL URL, e.g. postgres://user:pass@127.0.0.1:5432/sessiond. Also $SESSIOND_POSTGRES_URL.")
    var postgres: String?

    @Option(name: .long, help: "SQLite durability: normal (survives crashes) or full (also power loss).")
    var synchronous: SynchronousMode = .normal

    @Flag(name: .long, help: "Print JSON: one object, or one per line for lists.")
    var json = false

    @Option(name: .long, help: "Privacy policy file (JSON; see docs/PRIVACY.md): what is redacted before anything is stored. $SESSIOND_POLICY. (default: every built-in rule, masking)")
    var policy: String?

    enum SynchronousMode: String, ExpressibleByArgument, CaseIterable {
        case normal, full
    }

    static func defaultDatabasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return base + "/sessiond/sessions.sqlite"
    }

    /// Where `serve --demo` keeps its simulated sessions unless told otherwise: beside the default store.
    static func defaultDemoPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        URL(fileURLWithPath: defaultDatabasePath(environment: environment)).deletingLastPathComponent().appendingPathComponent("demo.sqlite").path
    }

    /// Opens the store, runs `body` with an engine on it, and closes the store, also on error.
    func withManager<T: Sendable>(_ body: @Sendable (SessionManager) async throws -> T) async throws -> T {
        let logger = Logger(label: "sessiond")
        let configuration = try engineConfiguration()
        let store = try makeStore(logger: logger, cipher: configuration.cipher)
        return try await store.withRunning {
            try await body(SessionManager(store: store, configuration: configuration, logger: logger))
        }
    }

    /// The policy file: `--policy`, else `$SESSIOND_POLICY`.
    func policyPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        policy ?? environment["SESSIOND_POLICY"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The engine settings these options give: the redactor, consent policy, archive and
    /// encryption of `--policy` (or `$SESSIOND_POLICY`).
    func engineConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SessionManager.Configuration {
        var configuration = SessionManager.Configuration()
        if let prices = environment["SESSIOND_PRICES"], !prices.isEmpty {
            guard let data = FileManager.default.contents(atPath: prices) else { throw SessionError(.invalidArgument, "cannot read the price table \(prices)") }
            configuration.prices = try PriceTable.default.merging(json: try JSONParser.parse(Array(data)))
        }
        if let path = policyPath(environment: environment) {
            configuration.redactor = try Redactor(policyFile: path)
            let policy = try PrivacyPolicy(file: path)
            configuration.consent = policy.consent
            configuration.archive = policy.archiveStore(policyFile: path)
            configuration.trashGrace = policy.retention?.trashGrace
            if let encryption = policy.encryption, encryption.enabled {
                let keyring = try SQLiteKeyring(path: encryption.keyringPath(policyFile: path))
                configuration.cipher = try PayloadCipher(master: try encryption.readMasterKey(policyFile: path, environment: environment), keyring: keyring)
            }
        }
        return configuration
    }

    /// The store these options name, not yet running, sealing payloads with `cipher` if given.
    func makeStore(logger: Logger, cipher: PayloadCipher? = nil) throws -> any SessionStore {
        if let url = postgres ?? ProcessInfo.processInfo.environment["SESSIOND_POSTGRES_URL"] {
            var configuration = try PostgresSessionStore.Configuration(url: url)
            configuration.cipher = cipher
            return PostgresSessionStore(configuration: configuration, logger: logger)
        }
        let path = db ?? Self.defaultDatabasePath()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try SQLiteSessionStore(path: path, configuration: .init(synchronous: synchronous == .full ? .full : .normal, cipher: cipher))
    }
}

extension StoreOptions {
    /// Runs `body` on the server named by `remote` (`--server`, `$SESSIOND_URL`), else on the
    /// local store as ``withManager(_:)`` does.
    func withSessions<T: Sendable>(_ remote: ServerOptions, _ body: @Sendable (any SessionOperations) async throws -> T) async throws -> T {
        try await withClientOrManager(remote, remote: { client in try await body(client) }, local: { manager in try await body(manager) })
    }

    /// A client of the server `remote` names (`--server`, `$SESSIOND_URL`, with `--token` or
    /// `$SESSIOND_TOKEN`), or the local store's manager.
    func withClientOrManager<T: Sendable>(
        _ remote: ServerOptions, remote onServer: @Sendable (SessionClient) async throws -> T,
        local onStore: @Sendable (SessionManager) async throws -> T
    ) async throws -> T {
        guard let url = try remote.resolvedURL(self) else { return try await withManager(onStore) }
        let token = remote.token ?? ProcessInfo.processInfo.environment["SESSIOND_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let client = SessionClient(configuration: SessionClient.Configuration(baseURL: url, token: token))
        do {
            let result = try await onServer(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// A session id argument.
struct SessionIDArgument: ParsableArguments {
    @Argument(help: "The session: its id, or application:external_id (claude-code:<session_id>).")
    var id: String

    func reference() throws -> SessionReference {
        guard let reference = SessionReference(id) else {
            throw SessionError(.invalidArgument, "'\(id)' is neither a session id nor application:external_id")
        }
        return reference
    }
}

/// What every command on one session names: where it runs (`--db`, `--server`) and the session id.
struct SessionTarget: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @OptionGroup var session: SessionIDArgument

    /// Whether output is JSON (`--json`).
    var json: Bool { store.json }
}

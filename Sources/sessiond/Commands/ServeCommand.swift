import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals
import SessionCore
import SessionKit
import SessionServer
import SessionStore
import SessionStorePostgres
import SessionStoreSQLite

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP API server and the sweeper.",
        discussion: """
            Serves the v1 JSON API (see /openapi.yaml), /health/live and /health/ready on an SQLite file (default) or \
            PostgreSQL (--postgres). Every option can also be set in the environment as SESSIOND_<OPTION> (e.g. \
            SESSIOND_PORT=8080). Without an active API token (sessiond token create) only loopback addresses can be \
            bound. SIGTERM or SIGINT stops accepting connections, finishes the requests in flight, snapshots live \
            sessions, then closes the store.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to bind; other than loopback only once an API token exists. $SESSIOND_HOST. (default: 127.0.0.1)")
    var host: String?
    @Option(help: "Port to bind; 0 picks a free one. $SESSIOND_PORT. (default: 7411)")
    var port: Int?
    @Option(help: "Time between sweeper passes. $SESSIOND_SWEEP_INTERVAL. (default: 5s)")
    var sweepInterval: String?
    @Option(help: "Largest request body in bytes. $SESSIOND_MAX_BODY_BYTES. (default: 8388608)")
    var maxBodyBytes: Int?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. $SESSIOND_LOG_LEVEL. (default: info)")
    var logLevel: String?
    @Flag(help: .hidden)
    var benchEndpoint = false

    /// The effective log level, for the logging bootstrap.
    var resolvedLogLevel: Logger.Level {
        Logger.Level(rawValue: logLevel ?? ProcessInfo.processInfo.environment["SESSIOND_LOG_LEVEL"] ?? "info") ?? .info
    }

    /// Flags over environment over defaults.
    func serverConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SessionServerConfiguration {
        var configuration = SessionServerConfiguration()
        configuration.host = host ?? environment["SESSIOND_HOST"] ?? configuration.host
        if let text = port.map(String.init) ?? environment["SESSIOND_PORT"] {
            guard let value = Int(text), (0...65535).contains(value) else { throw SessionError(.invalidArgument, "port must be 0 to 65535") }
            configuration.port = value
        }
        if let text = sweepInterval ?? environment["SESSIOND_SWEEP_INTERVAL"] { configuration.sweepInterval = try DurationText.parse(text) }
        if let text = maxBodyBytes.map(String.init) ?? environment["SESSIOND_MAX_BODY_BYTES"] {
            guard let value = Int(text), value >= 1024 else { throw SessionError(.invalidArgument, "max-body-bytes must be at least 1024") }
            configuration.maxBodyBytes = value
        }
        configuration.benchEndpoint = benchEndpoint
        return configuration
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    func run() async throws {
        try await CLIRunner.run {
            let configuration = try serverConfiguration()
            var logger = Logger(label: "sessiond")
            logger.logLevel = resolvedLogLevel
            let serverLogger = logger
            try await store.withManager { manager in
                // Non-loopback only once the store has an active token (`sessiond token create`).
                if !Self.isLoopback(configuration.host) {
                    guard let access = manager.store as? any AccessStore, try await access.hasActiveTokens() else {
                        throw SessionError(
                            .invalidArgument,
                            "refusing to bind \(configuration.host): without API tokens sessiond serves loopback only (see sessiond token create)")
                    }
                }
                let sweeper = SessionSweeper(manager: manager, interval: configuration.sweepInterval, logger: serverLogger)
                let app = buildApplication(manager: manager, configuration: configuration, logger: serverLogger) { port in
                    serverLogger.info("sessiond listening", metadata: ["server.host": "\(configuration.host)", "server.port": "\(port)"])
                }
                let group = ServiceGroup(
                    configuration: .init(services: [sweeper, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: serverLogger))
                try await group.run()
                let snapshots = try await manager.snapshotLiveSessions()
                serverLogger.info("sessiond stopped", metadata: ["sessions.snapshotted": "\(snapshots)"])
            }
        }
    }
}

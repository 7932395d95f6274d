import ArgumentParser
import CoreMetrics
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals
import SessionBenchmarks
import SessionCore
import SessionDemo
import SessionKit
import SessionServer
import SessionStore
import SessionStorePostgres
import SessionStoreSQLite

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP API server and the sweeper.",
        discussion: """
            Serves the v1 JSON API (see /openapi.yaml), the dashboard at /, Prometheus metrics at /metrics, \
            /health/live and /health/ready on an SQLite file (default) or PostgreSQL (--postgres). Options that name \
            a $SESSIOND_<OPTION> variable can also be set there (e.g. SESSIOND_PORT=8080). Traces go out over \
            OTLP/HTTP when $OTEL_EXPORTER_OTLP_ENDPOINT is set (protocol, headers, sampler, service name and batching \
            from the other standard OTEL_* variables; see docs/OBSERVABILITY.md). Without \
            an active API token (sessiond token create) only loopback addresses can be bound. SIGTERM or SIGINT stops accepting connections, finishes the requests in flight, snapshots live \
            sessions, then closes the store. With --demo it first fills an empty store with a week of simulated sessions \
            and keeps live ones coming, to try the dashboard at /.
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
    @Option(help: "Log lines as json (one object per line) or text. $SESSIOND_LOG_FORMAT. (default: text)")
    var logFormat: String?
    @Flag(
        help: """
            Simulated tool and agent sessions for the dashboard: a week of history if the store is empty, then live ones \
            (labelled demo=true). Without --db or --postgres it uses demo.sqlite next to the default store. \
            $SESSIOND_DEMO=1.
            """)
    var demo = false
    @Option(
        help: """
            A JSON file of settings: {"host", "port", "sweep_interval", "max_body_bytes", "log_level", "log_format", "db", "postgres", \
            "demo", "alert_interval", "alert_webhooks": [URL], "alerts": {RULE: THRESHOLD}}. \
            Flags win over $SESSIOND_* variables, which win over the file. $SESSIOND_CONFIG.
            """)
    var config: String?
    @Option(help: "Time between alert evaluations. $SESSIOND_ALERT_INTERVAL. (default: 30s)")
    var alertInterval: String?
    @Option(help: "URL to POST alert transitions to (repeatable). $SESSIOND_ALERT_WEBHOOKS, comma-separated. (default: none)")
    var alertWebhook: [String] = []
    @Flag(inversion: .prefixedNo, help: "Record metrics and serve them at /metrics.")
    var metrics = true
    @Flag(help: .hidden)
    var benchEndpoint = false

    /// The settings file's values, as text keyed by setting name; empty without a file.
    func fileSettings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String: String] {
        guard let path = config ?? environment["SESSIOND_CONFIG"] else { return [:] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SessionError(.invalidArgument, "cannot read the configuration file \(path)")
        }
        guard case .object(let object) = try JSONParser.parse(Array(data)) else {
            throw SessionError(.invalidArgument, "the configuration file must hold a JSON object")
        }
        let known: Set<String> = [
            "host", "port", "sweep_interval", "max_body_bytes", "log_level", "log_format", "db", "postgres", "demo", "alert_interval",
        ]
        var settings: [String: String] = [:]
        for (key, value) in object {
            if Self.alertObjectKeys.contains(key) { continue }  // read by alertSettings
            guard known.contains(key) else { throw SessionError(.invalidArgument, "unknown setting \(key) in \(path)") }
            switch value {
            case .string(let text): settings[key] = text
            case .int(let number): settings[key] = String(number)
            case .bool(let flag): settings[key] = String(flag)
            default: throw SessionError(.invalidArgument, "setting \(key) in \(path) must be a string, an integer or a boolean")
            }
        }
        return settings
    }

    /// The effective log level, for the logging bootstrap.
    var resolvedLogLevel: Logger.Level {
        let environment = ProcessInfo.processInfo.environment
        let text = logLevel ?? environment["SESSIOND_LOG_LEVEL"] ?? (try? fileSettings())?["log_level"] ?? "info"
        return Logger.Level(rawValue: text) ?? .info
    }

    /// The effective log format: `json` or `text`.
    var resolvedLogFormat: String {
        let environment = ProcessInfo.processInfo.environment
        let text = logFormat ?? environment["SESSIOND_LOG_FORMAT"] ?? (try? fileSettings())?["log_format"] ?? "text"
        return text == "json" ? "json" : "text"
    }

    /// The store options, with the file's `db` or `postgres` where no flag or variable names a store.
    func storeOptions(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StoreOptions {
        var options = store
        let file = try fileSettings(environment: environment)
        if options.db == nil, options.postgres == nil, environment["SESSIOND_POSTGRES_URL"] == nil {
            options.db = file["db"]
            options.postgres = file["postgres"]
            // Simulated sessions never land in the real default store.
            if options.db == nil, options.postgres == nil, try demoEnabled(environment: environment) {
                options.db = StoreOptions.defaultDemoPath(environment: environment)
            }
        }
        return options
    }

    /// Flags over environment over the configuration file over defaults.
    func serverConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SessionServerConfiguration {
        var configuration = SessionServerConfiguration()
        let file = try fileSettings(environment: environment)
        configuration.host = host ?? environment["SESSIOND_HOST"] ?? file["host"] ?? configuration.host
        if let text = port.map(String.init) ?? environment["SESSIOND_PORT"] ?? file["port"] {
            guard let value = Int(text), (0...65535).contains(value) else { throw SessionError(.invalidArgument, "port must be 0 to 65535") }
            configuration.port = value
        }
        if let text = sweepInterval ?? environment["SESSIOND_SWEEP_INTERVAL"] ?? file["sweep_interval"] {
            configuration.sweepInterval = try DurationText.parse(text)
        }
        if let text = maxBodyBytes.map(String.init) ?? environment["SESSIOND_MAX_BODY_BYTES"] ?? file["max_body_bytes"] {
            guard let value = Int(text), value >= 1024 else { throw SessionError(.invalidArgument, "max-body-bytes must be at least 1024") }
            configuration.maxBodyBytes = value
        }
        if let level = logLevel ?? environment["SESSIOND_LOG_LEVEL"] ?? file["log_level"], Logger.Level(rawValue: level) == nil {
            throw SessionError(.invalidArgument, "log level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if let format = logFormat ?? environment["SESSIOND_LOG_FORMAT"] ?? file["log_format"], !["json", "text"].contains(format) {
            throw SessionError(.invalidArgument, "log format must be json or text")
        }
        return configuration
    }

    /// Whether to run the demo generator: `--demo`, else `$SESSIOND_DEMO`, else the file's `demo`.
    func demoEnabled(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Bool {
        if demo { return true }
        guard let text = try environment["SESSIOND_DEMO"] ?? fileSettings(environment: environment)["demo"] else { return false }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "", "0", "false", "no", "off": return false
        default: throw SessionError(.invalidArgument, "demo must be true or false (or 1 or 0)")
        }
    }

    /// Where a browser finds the dashboard of a server bound to `host` and `port`.
    static func dashboardURL(host: String, port: Int) -> String {
        let name: String
        switch host {
        case "0.0.0.0", "": name = "127.0.0.1"
        case "::": name = "[::1]"
        default: name = host.contains(":") ? "[\(host)]" : host
        }
        return "http://\(name):\(port)/"
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    func run() async throws {
        let started = ContinuousClock.now
        try await CLIRunner.run {
            var settings = try serverConfiguration()
            // Every metric of the process (engine, store, server, libraries) lands in the registry `/metrics` serves.
            let metrics = ServerMetrics(enabled: self.metrics)
            if metrics.isEnabled { MetricsSystem.bootstrap(metrics.factory) }
            settings.metrics = metrics
            let configuration = settings
            let demo = try demoEnabled()
            var logger = Logger(label: "sessiond")
            logger.logLevel = resolvedLogLevel
            let serverLogger = logger
            let tracing = try Tracing.bootstrap(logger: serverLogger)
            let store = try storeOptions()
            let policyFile = try store.policyPath().map { path in (path, try PrivacyPolicy(file: path)) }
            try await store.withManager { manager in
                if let (path, policy) = policyFile { try await manager.auditPolicy(policy, file: path, actor: "sessiond") }
                // Non-loopback only once the store has an active token (`sessiond token create`).
                if !Self.isLoopback(configuration.host) {
                    guard try await manager.store.hasActiveTokens() else {
                        throw SessionError(
                            .invalidArgument,
                            "refusing to bind \(configuration.host): without API tokens sessiond serves loopback only (see sessiond token create)")
                    }
                }
                let sweeper = SessionSweeper(manager: manager, interval: configuration.sweepInterval, logger: serverLogger)
                let (alertRules, hooks) = try alertSettings()
                let webhooks = AlertWebhooks(configuration: hooks, logger: serverLogger)
                let alerts = AlertEvaluator(
                    manager: manager, configuration: alertRules, feed: configuration.alertFeed, logger: serverLogger, deliver: webhooks.enqueue)
                let bench = benchEndpoint
                let app = buildApplication(
                    manager: manager, configuration: configuration, logger: serverLogger,
                    onServerRunning: { port in
                        metrics.recordStartup(ContinuousClock.now - started)
                        serverLogger.info("sessiond listening", metadata: ["server.host": "\(configuration.host)", "server.port": "\(port)"])
                        if demo {
                            serverLogger.info(
                                "demo running: open the dashboard",
                                metadata: ["dashboard.url": "\(Self.dashboardURL(host: configuration.host, port: port))"])
                        }
                    },
                    addRoutes: { router in
                        if bench { BenchController(configuration: configuration).addRoutes(to: router.group("v1")) }
                    })
                // The exporter starts first and stops last, so the spans of the last requests go out.
                var services: [any Service] = (tracing.map { [$0] } ?? []) + [sweeper, webhooks, alerts, ChangeWatcher(manager: manager), app]
                // Also without periods: the trash is purged on the same schedule.
                if let (path, policy) = policyFile, let retention = policy.retention, let archive = policy.archiveStore(policyFile: path)
                {
                    services.insert(RetentionService(manager: manager, policy: retention, archive: archive, logger: serverLogger), at: services.count - 1)
                }
                if demo {
                    let generator = DemoGenerator(manager: manager, logger: serverLogger)
                    // Before the sweeper starts: on today's clock it would end the history's sessions mid-replay.
                    try await generator.seedIfEmpty()
                    services.append(generator)  // last, so it stops first
                }
                let group = ServiceGroup(
                    configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: serverLogger))
                try await group.run()
                let snapshots = try await manager.snapshotLiveSessions()
                serverLogger.info("sessiond stopped", metadata: ["sessions.snapshotted": "\(snapshots)"])
            }
        }
    }
}

import Foundation
import Logging
import PostgresNIO
import SessionStorePostgres

/// A fresh PostgreSQL schema per test, on the server named by `POSTGRES_HOSTNAME`, `POSTGRES_PORT`,
/// `POSTGRES_USER`, `POSTGRES_PASSWORD` and `POSTGRES_DB` (defaults: 127.0.0.1, 5432, postgres,
/// no password, postgres), as postgres-nio's integration tests read them.
enum PostgresTestDatabase {
    /// The server configuration from the environment, without a schema.
    static var configuration: PostgresSessionStore.Configuration {
        let env = ProcessInfo.processInfo.environment
        let password = env["POSTGRES_PASSWORD"] ?? ""
        return PostgresSessionStore.Configuration(
            host: env["POSTGRES_HOSTNAME"] ?? "127.0.0.1", port: env["POSTGRES_PORT"].flatMap(Int.init) ?? 5432,
            username: env["POSTGRES_USER"] ?? "postgres", password: password.isEmpty ? nil : password,
            database: env["POSTGRES_DB"] ?? "postgres")
    }

    /// Creates schema `t_<random hex>`, runs `body` with a configuration that uses it, then drops
    /// the schema with everything in it, also when `body` throws.
    static func withFreshSchema<T: Sendable>(_ body: (PostgresSessionStore.Configuration) async throws -> T) async throws -> T {
        var configuration = configuration
        let schema = "t_" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        configuration.schema = schema
        try await execute("CREATE SCHEMA \(schema)", configuration)
        do {
            let result = try await body(configuration)
            try await execute("DROP SCHEMA \(schema) CASCADE", configuration)
            return result
        } catch {
            try? await execute("DROP SCHEMA \(schema) CASCADE", configuration)
            throw error
        }
    }

    /// Runs one statement on a short-lived connection.
    private static func execute(_ sql: String, _ configuration: PostgresSessionStore.Configuration) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: Logger(label: "sessiond.tests.postgres"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "sessiond.tests.postgres"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

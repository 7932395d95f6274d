import Foundation
import GRDB
import SessionStore
import SessionStorePostgres
import SessionStoreSQLite
import TestSupport

/// Where a test's store lives, so it can be opened more than once, backed up with the backend's
/// own tool and restored: a temp SQLite file (SQLite's online backup), or a fresh PostgreSQL
/// schema (`pg_dump`, then `psql`).
struct StoreLocation: Sendable {
    let backend: StoreBackend
    /// The test's temp folder: the SQLite file, keyrings, backups.
    let folder: String
    let postgres: PostgresSessionStore.Configuration?

    var sqlitePath: String { folder + "/sessions.sqlite" }

    /// The store at this place, not yet running.
    func open(cipher: PayloadCipher?) throws -> any SessionStore {
        if let postgres {
            var configuration = postgres
            configuration.cipher = cipher
            return PostgresSessionStore(configuration: configuration)
        }
        return try SQLiteSessionStore(path: sqlitePath, configuration: .init(cipher: cipher))
    }

    /// Copies the store's data into a file (with no store of the place running) and returns its path.
    func backup(_ name: String) async throws -> String {
        let path = folder + "/" + name
        if let postgres {
            try run(
                Self.tool("pg_dump"),
                ["-h", postgres.host, "-p", "\(postgres.port)", "-U", postgres.username, "-d", postgres.database ?? "postgres", "-n", postgres.schema ?? "", "-f", path])
        } else {
            let source = try DatabaseQueue(path: sqlitePath)
            let copy = try DatabaseQueue(path: path)
            try source.backup(to: copy)
            try source.close()
            try copy.close()
        }
        return path
    }

    /// Replaces the store's data by the backup at `path`.
    func restore(_ path: String) async throws {
        if let postgres {
            let connect = ["-h", postgres.host, "-p", "\(postgres.port)", "-U", postgres.username, "-d", postgres.database ?? "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
            try run(Self.tool("psql"), connect + ["-c", "DROP SCHEMA \(postgres.schema ?? "") CASCADE"])
            try run(Self.tool("psql"), connect + ["-f", path])
        } else {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
            try FileManager.default.copyItem(atPath: path, toPath: sqlitePath)
        }
    }

    private static func tool(_ name: String) -> String {
        let bin = ProcessInfo.processInfo.environment["POSTGRES_BIN"] ?? "/usr/lib/postgresql/15/bin"
        return FileManager.default.isExecutableFile(atPath: bin + "/" + name) ? bin + "/" + name : "/usr/bin/" + name
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password = postgres?.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(tool) failed: \(message)"])
        }
    }
}

extension StoreBackend {
    /// Runs `body` with a fresh place for a store of this backend, removed afterwards.
    func withLocation<T: Sendable>(_ body: @Sendable (StoreLocation) async throws -> T) async throws -> T {
        try await withTemporaryDirectory { folder in
            switch self {
            case .sqlite:
                return try await body(StoreLocation(backend: self, folder: folder, postgres: nil))
            case .postgres:
                return try await PostgresTestDatabase.withFreshSchema { configuration in
                    try await body(StoreLocation(backend: self, folder: folder, postgres: configuration))
                }
            }
        }
    }
}

import Foundation
import SessionCore
import SessionStore
import SessionStorePostgres
import SessionStoreSQLite
import TestSupport

/// A backend the conformance suite runs on: SQLite always, PostgreSQL wherever
/// `POSTGRES_HOSTNAME` names a server (the README's test command starts one on loopback).
enum StoreBackend: String, CustomStringConvertible, CaseIterable, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var available: [StoreBackend] {
        let env = ProcessInfo.processInfo.environment
        if env["POSTGRES_HOSTNAME"] != nil || env["SESSIOND_REQUIRE_POSTGRES"] == "1" { return [.sqlite, .postgres] }
        return [.sqlite]
    }

    /// Runs `body` on a fresh store: a new temp SQLite file, or a new PostgreSQL schema, removed afterwards.
    func withStore<T: Sendable>(_ body: @Sendable (any SessionStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await withTemporaryDirectory { dir in
                let store = try SQLiteSessionStore(path: dir + "/sessions.sqlite")
                return try await store.withRunning { try await body(store) }
            }
        case .postgres:
            return try await PostgresTestDatabase.withFreshSchema { configuration in
                let store = PostgresSessionStore(configuration: configuration)
                return try await store.withRunning {
                    try await body(store)
                }
            }
        }
    }
}

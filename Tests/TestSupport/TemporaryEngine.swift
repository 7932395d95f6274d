public import Logging
public import SessionKit
public import SessionStoreSQLite

/// Runs `body` with an engine on a fresh SQLite store in a temporary directory, and closes the
/// store and removes the directory when `body` returns or throws.
///
/// - Parameters:
///   - clock: what the engine reads as "now": a ``ManualClock`` for tests that move time.
///   - configuration: the engine's settings.
///   - storeConfiguration: how the store opens its file.
///   - logger: the engine's logger.
public func withTemporaryEngine<T: Sendable>(
    clock: any WallClock = SystemWallClock(),
    configuration: SessionManager.Configuration = SessionManager.Configuration(),
    storeConfiguration: SQLiteSessionStore.Configuration = SQLiteSessionStore.Configuration(),
    logger: Logger = Logger(label: "sessiond.engine"),
    _ body: (SessionManager, SQLiteSessionStore) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory(prefix: "sessiond-engine") { directory in
        let store = try SQLiteSessionStore(path: directory + "/sessions.sqlite", configuration: storeConfiguration)
        let manager = SessionManager(store: store, configuration: configuration, clock: clock, logger: logger)
        return try await store.withRunning { try await body(manager, store) }
    }
}

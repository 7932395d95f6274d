public import Logging
import PostgresNIO
public import ServiceLifecycle
import SessionCore
public import SessionStore
import Synchronization

/// The scale-out store: many stateless `sessiond` instances share one PostgreSQL database
/// through a `PostgresClient` connection pool.
///
/// The store is a `Service`: its ``run()`` runs the connection pool and must be running
/// (in a `ServiceGroup`, or inside ``withRunning(_:)``) for any call to complete. Apply the
/// schema with ``migrate()`` before the first call; ``withRunning(_:)`` does both.
///
/// Writes run in `READ COMMITTED` transactions that lock the session's row
/// (`SELECT … FOR UPDATE`), so writers of one session queue up while writers of different
/// sessions proceed in parallel. A transaction that fails with a serialization failure or a
/// deadlock is retried from the start, `plan` included.
///
/// ## Event positions
///
/// Positions are store-wide and increasing, and must never become visible out of order: a
/// subscriber that has read up to position P must never later see a new event below P. A
/// sequence (or identity column) does not give that: transaction A takes 10, B takes 11,
/// B commits first and a reader passes 11 before A's 10 appears. Instead the one row of
/// `event_positions` hands out positions, and the statement that advances it is the last one
/// before `COMMIT` (it also inserts the events, `WITH p AS (UPDATE event_positions … RETURNING
/// last) INSERT INTO session_events … SELECT p.last - n + ord …`). Its row lock is held until
/// the transaction ends, so the next writer gets its positions only after this one has
/// committed (or rolled back, which also undoes the advance): positions commit in the order
/// they are handed out, without gaps. The cost is that event-writing commits are serialized
/// store-wide for the duration of one statement plus the commit, which is why the lock is
/// taken last.
///
/// > Important: ``run()`` (or ``withRunning(_:)``) may be called once per store.
public final class PostgresSessionStore: SessionStore, Service {
    let configuration: Configuration
    let client: PostgresClient
    let logger: Logger
    /// Row decoding, with the configuration's cipher.
    let rows: PostgresRows
    private let closed = Atomic<Bool>(false)

    /// How often a transaction is tried before a serialization failure or deadlock is reported.
    static let maxAttempts = 5

    /// A store for `configuration`. Call ``run()`` (or ``withRunning(_:)``) to connect.
    ///
    /// - Parameters:
    ///   - configuration: where and how to connect.
    ///   - logger: the background logger, for the pool and the store's debug messages.
    public init(configuration: Configuration, logger: Logger = Logger(label: "sessiond.store.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.rows = PostgresRows(cipher: configuration.cipher)
        self.client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
    }

    /// A store for a connection URL such as
    /// `postgres://user:password@host:5432/database?schema=name&sslmode=disable`.
    ///
    /// - Throws: `invalid_argument` if the URL is malformed; see ``Configuration/init(url:)``.
    public convenience init(url: String, logger: Logger = Logger(label: "sessiond.store.postgres")) throws {
        self.init(configuration: try Configuration(url: url), logger: logger)
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async throws {
        await client.run()
    }

    /// Runs the pool, applies migrations, runs `body`, then closes the store and stops the pool,
    /// also when `body` throws.
    ///
    /// For embedders, tests and command-line tools that want the store for the length of one call;
    /// a server runs the store as a `Service` instead (``run()``, then ``migrate()``).
    public func withRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            defer { closed.store(true, ordering: .releasing) }
            try await migrate()
            return try await body()
        }
    }

    /// Applies the schema migrations this store does not have yet.
    ///
    /// Safe to call from several instances at once: they take turns on an advisory lock
    /// (`pg_advisory_xact_lock`) and each migration is applied once.
    public func migrate() async throws {
        let applied = try await transaction("cannot migrate the PostgreSQL schema") { connection in
            try await Migrations.apply(connection, schema: self.configuration.schema, logger: self.logger)
        }
        if !applied.isEmpty {
            logger.debug("migrated schema", metadata: ["store.backend": "postgres", "store.migrations": "\(applied)"])
        }
    }

    /// The versions recorded in `schema_migrations`, in order.
    package func appliedMigrations() async throws -> [Int] {
        try await fetch("SELECT version FROM schema_migrations ORDER BY version", "cannot read the migrations") { row in
            try row.decode(Int.self)
        }
    }

    /// Marks the store closed: further calls fail with `unavailable`. The pool itself stops
    /// when ``run()`` ends.
    public func close() async throws {
        closed.store(true, ordering: .releasing)
    }

    // MARK: Plumbing

    func checkOpen() throws(SessionStoreError) {
        if closed.load(ordering: .acquiring) { throw SessionStoreError(.unavailable, "the store is closed") }
    }

    /// Runs `body` in a transaction on one pooled connection: `BEGIN`, `body`, `COMMIT`, or
    /// `ROLLBACK` if anything throws. Serialization failures and deadlocks run it again.
    ///
    /// - Parameter message: the safe message of the `unavailable` error a driver failure becomes.
    func transaction<T: Sendable>(
        _ message: String, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try checkOpen()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where Self.isTransient(error) && attempt < Self.maxAttempts {
                logger.debug(
                    "retrying transaction",
                    metadata: ["store.backend": "postgres", "store.attempt": "\(attempt)", "store.sqlstate": "\(error.sqlState ?? "")"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...5) * attempt))
            } catch {
                throw Self.storeError(error, message)
            }
        }
    }

    /// Runs one query outside a transaction and decodes every row.
    func fetch<T>(
        _ query: PostgresQuery, _ message: String, _ decode: (PostgresRow) throws -> T
    ) async throws -> [T] {
        try checkOpen()
        do {
            var result: [T] = []
            for try await row in try await client.query(query, logger: logger) { result.append(try decode(row)) }
            return result
        } catch {
            throw Self.storeError(error, message)
        }
    }

    static func isTransient(_ error: PSQLError) -> Bool {
        error.sqlState == "40001" || error.sqlState == "40P01"
    }

    /// The error a caller sees: `plan`'s and the domain's unchanged, unreadable rows as
    /// `corrupted`, anything else from the driver as `unavailable` with a safe message.
    static func storeError(_ error: any Error, _ message: String) -> any Error {
        switch error {
        case let failure as PlanFailure: failure.error
        case is SessionError, is SessionStoreError, is CancellationError: error
        case is PostgresDecodingError: SessionStoreError(.corrupted, message, underlying: error)
        default: SessionStoreError(.unavailable, message, underlying: error)
        }
    }
}

/// Carries an error thrown by a caller's `plan` through the transaction, to be rethrown as is.
struct PlanFailure: Error {
    var error: any Error
}

extension PSQLError {
    /// The server's SQLSTATE code, such as `23505` for a unique violation.
    var sqlState: String? { serverInfo?[.sqlState] }
}

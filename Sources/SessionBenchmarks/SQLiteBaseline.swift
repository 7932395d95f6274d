import GRDB
package import SessionStoreSQLite

/// The raw-SQLite baseline of `sessiond bench embedded`: single-row insert transactions into a
/// plain table, on the same library, journal mode and `synchronous` setting as
/// ``SQLiteSessionStore``, with a cached prepared statement.
package final class SQLiteBaseline {
    private let pool: DatabasePool
    private let payload: String
    private var next = 0

    package init(path: String, synchronous: SQLiteSessionStore.Configuration.Synchronous, payload: String) throws {
        var config = GRDB.Configuration()
        config.busyMode = .timeout(30)
        pool = try DatabasePool(path: path, configuration: config)
        self.payload = payload
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL)")
        }
    }

    /// Inserts `count` rows, each in its own transaction, and returns the time taken.
    package func insert(count: Int) throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count {
            next += 1
            let seq = next
            try pool.write { db in
                try db.cachedStatement(sql: "INSERT INTO raw (session_id, seq, data) VALUES (?, ?, ?)")
                    .execute(arguments: ["0192f1f0-0000-7000-8000-000000000000", seq, payload])
            }
        }
        return clock.now - start
    }

    /// The same inserts through GRDB's async write API, one `await` (two thread hops) per row.
    package func insertAwaitingEach(count: Int) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count {
            next += 1
            let seq = next
            let payload = self.payload
            try await pool.write { db in
                try db.cachedStatement(sql: "INSERT INTO raw (session_id, seq, data) VALUES (?, ?, ?)")
                    .execute(arguments: ["0192f1f0-0000-7000-8000-000000000000", seq, payload])
            }
        }
        return clock.now - start
    }

    package func close() throws { try pool.close() }
}

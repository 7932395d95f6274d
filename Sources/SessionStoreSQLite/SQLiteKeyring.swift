import Foundation
import GRDB
public import SessionCore
public import SessionStore

/// The keyring of encryption at rest in its own SQLite file (the policy's `encryption.keyring`),
/// apart from the store, so a backup of the store carries no key.
///
/// Writes are durable before they return (`synchronous=FULL`): a key is on disk before the
/// first payload sealed under it commits. Destroying keys runs with `secure_delete` and then a
/// `TRUNCATE` checkpoint, so the wrapped keys leave the file and its WAL.
public final class SQLiteKeyring: Keyring {
    private let queue: DatabaseQueue
    public let path: String

    /// Opens (creating if needed) the keyring at `path`.
    public init(path: String) throws {
        var config = GRDB.Configuration()
        config.busyMode = .timeout(30)
        config.label = "sessiond.keyring"
        self.path = path
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA secure_delete = ON")
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS keyring_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
                        CREATE TABLE IF NOT EXISTS data_keys (
                            id TEXT PRIMARY KEY,
                            user_id TEXT NOT NULL,
                            wrapped BLOB NOT NULL,
                            created_at INTEGER NOT NULL,
                            retired INTEGER NOT NULL DEFAULT 0
                        );
                        CREATE INDEX IF NOT EXISTS data_keys_user ON data_keys(user_id, created_at);
                        """)
            }
        } catch {
            throw SessionStoreError(.unavailable, "cannot open the keyring \(path)", underlying: error)
        }
    }

    public func setVerifier(_ verifier: [UInt8]) throws -> [UInt8] {
        try access { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "INSERT OR IGNORE INTO keyring_meta (name, value) VALUES ('verifier', ?)", arguments: [Data(verifier)])
                return .commit
            }
            return try Data.fetchOne(db, sql: "SELECT value FROM keyring_meta WHERE name = 'verifier'").map { Array($0) } ?? verifier
        }
    }

    public func key(id: String) throws -> WrappedDataKey? {
        try access { db in
            try Row.fetchOne(db, sql: "SELECT id, user_id, wrapped, created_at FROM data_keys WHERE id = ?", arguments: [id]).map(Self.key)
        }
    }

    public func key(user: String, orInsert candidate: WrappedDataKey) throws -> WrappedDataKey {
        try access { db in
            var stored: WrappedDataKey?
            try db.inTransaction(.immediate) {
                stored = try Self.current(db, user: user)
                if stored == nil {
                    try db.execute(
                        sql: "INSERT INTO data_keys (id, user_id, wrapped, created_at) VALUES (?, ?, ?, ?)",
                        arguments: [candidate.id, user, Data(candidate.wrapped), candidate.createdAt.milliseconds])
                    stored = candidate
                }
                return .commit
            }
            return stored ?? candidate
        }
    }

    public func retireKeys(user: String) throws -> Int {
        try access { db in
            try db.execute(sql: "UPDATE data_keys SET retired = 1 WHERE user_id = ? AND retired = 0", arguments: [user])
            return db.changesCount
        }
    }

    public func reinstateKeys(user: String) throws -> Int {
        try access { db in
            try db.execute(sql: "UPDATE data_keys SET retired = 0 WHERE user_id = ? AND retired = 1", arguments: [user])
            return db.changesCount
        }
    }

    public func destroyKeys(user: String, retiredOnly: Bool) throws -> Int {
        try access { db in
            var count = 0
            try db.inTransaction(.immediate) {
                try db.execute(sql: "DELETE FROM data_keys WHERE user_id = ? AND (retired = 1 OR ?)", arguments: [user, !retiredOnly])
                count = db.changesCount
                return .commit
            }
            if count > 0 { try db.checkpoint(.truncate) }
            return count
        }
    }

    public func version() throws -> Int64 {
        try access { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    private static func current(_ db: Database, user: String) throws -> WrappedDataKey? {
        try Row.fetchOne(
            db, sql: "SELECT id, user_id, wrapped, created_at FROM data_keys WHERE user_id = ? AND retired = 0 ORDER BY created_at, id LIMIT 1",
            arguments: [user]
        ).map(key)
    }

    private static func key(_ row: Row) -> WrappedDataKey {
        WrappedDataKey(id: row[0], user: row[1], wrapped: Array(row[2] as Data), createdAt: Timestamp(milliseconds: row[3]))
    }

    private func access<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError(.unavailable, "the keyring \(path) failed", underlying: error)
        }
    }
}

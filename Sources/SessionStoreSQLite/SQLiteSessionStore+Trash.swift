import Foundation
import GRDB
public import SessionCore
public import SessionStore

extension SQLiteSessionStore {
    public func trashUser(_ userID: String, at time: Timestamp) async throws -> UserErasure {
        let cache = writerCache
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return try await write { db in
            let moved = try Self.removeUserRows(db, userID, now: now, trashedAt: time.milliseconds)
            if moved.sessions > 0 { cache.clear() }
            return moved
        }
    }

    public func trashed() async throws -> [TrashedUser] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT user_id, count(*), min(trashed_at) FROM trash_sessions WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY user_id"
            ).map { row in TrashedUser(userID: row[0], sessions: row[1], trashedAt: Timestamp(milliseconds: row[2])) }
        }
    }

    public func restoreTrash(_ userID: String) async throws -> UserErasure {
        let cache = writerCache
        return try await write { db in
            let owned = "SELECT id FROM trash_sessions WHERE user_id = ?"
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE session_id IN (\(owned))", arguments: [userID]) ?? 0
            }
            let sessions = try Int.fetchOne(db, sql: "SELECT count(*) FROM trash_sessions WHERE user_id = ?", arguments: [userID]) ?? 0
            guard sessions > 0 else { return UserErasure(sessions: 0, events: 0, snapshots: 0, labels: 0) }
            let taken = try Bool.fetchOne(
                db,
                sql: """
                    SELECT 1 FROM trash_sessions t JOIN sessions s ON s.application = t.application AND s.external_id = t.external_id
                    WHERE t.user_id = ? LIMIT 1
                    """, arguments: [userID])
            if taken == true {
                throw SessionError(.duplicateExternalID, "a session created since the erasure has the external id of one of the user's trashed sessions")
            }
            let restored = UserErasure(
                sessions: sessions, events: try count("trash_events"), snapshots: try count("trash_snapshots"), labels: try count("trash_labels"))
            // A parent that is gone meanwhile (erased for good) leaves the child a root; parents come before children.
            let columns = SQLiteRows.sessionColumns.replacingOccurrences(
                of: "parent_id,",
                with: "CASE WHEN parent_id IN (SELECT id FROM sessions) OR parent_id IN (\(owned)) THEN parent_id END,")
            try db.execute(
                sql: "INSERT INTO sessions (\(SQLiteRows.sessionColumns)) SELECT \(columns) FROM trash_sessions WHERE user_id = ? ORDER BY depth",
                arguments: [userID, userID])
            // A position the keeper reserved when these events left is theirs again.
            try db.execute(
                sql: "DELETE FROM session_events WHERE session_id = ? AND position IN (SELECT position FROM trash_events WHERE session_id IN (\(owned)))",
                arguments: [ReservedSession.positionKeeperID.lowercased, userID])
            for (table, trash, columns) in Self.sessionRowTables {
                try db.execute(sql: "INSERT INTO \(table) (\(columns)) SELECT \(columns) FROM \(trash) WHERE session_id IN (\(owned))", arguments: [userID])
                try db.execute(sql: "DELETE FROM \(trash) WHERE session_id IN (\(owned))", arguments: [userID])
            }
            try db.execute(sql: "DELETE FROM trash_sessions WHERE user_id = ?", arguments: [userID])
            cache.clear()
            return restored
        }
    }

    /// Deletes with `secure_delete` on and then checkpoints the WAL away, as ``eraseUser(_:)`` does.
    public func purgeTrash(trashedBefore time: Timestamp, userID: String?) async throws -> TrashPurge {
        let purge = try await write { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            var due = "SELECT id FROM trash_sessions s WHERE s.trashed_at < ? AND \(Self.notHeld)"
            var arguments: StatementArguments = [time.milliseconds]
            if let userID {
                due += " AND s.user_id = ?"
                arguments += [userID]
            }
            let ids = try String.fetchAll(db, sql: due, arguments: arguments)
            guard !ids.isEmpty else { return TrashPurge(erased: UserErasure(sessions: 0, events: 0, snapshots: 0, labels: 0), archivedSessions: [], emptiedUsers: []) }
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS purging (id TEXT PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM purging")
            let insert = try db.cachedStatement(sql: "INSERT INTO purging (id) VALUES (?)")
            for id in ids { try insert.execute(arguments: [id]) }
            defer { try? db.execute(sql: "DELETE FROM purging") }
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE session_id IN (SELECT id FROM purging)") ?? 0
            }
            let archived = try String.fetchAll(db, sql: "SELECT id FROM trash_sessions WHERE id IN (SELECT id FROM purging) AND status = 'archived'")
            let users = try String.fetchAll(db, sql: "SELECT DISTINCT user_id FROM trash_sessions WHERE id IN (SELECT id FROM purging) AND user_id IS NOT NULL")
            let erased = UserErasure(
                sessions: ids.count, events: try count("trash_events"), snapshots: try count("trash_snapshots"), labels: try count("trash_labels"))
            for (_, trash, _) in Self.sessionRowTables {
                try db.execute(sql: "DELETE FROM \(trash) WHERE session_id IN (SELECT id FROM purging)")
            }
            try db.execute(sql: "DELETE FROM trash_sessions WHERE id IN (SELECT id FROM purging)")
            let left = Set(try String.fetchAll(db, sql: "SELECT DISTINCT user_id FROM trash_sessions WHERE user_id IS NOT NULL"))
            return TrashPurge(erased: erased, archivedSessions: archived.compactMap(UUID.init(text:)), emptiedUsers: users.filter { !left.contains($0) })
        }
        if purge.erased.sessions > 0 {
            _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        return purge
    }
}

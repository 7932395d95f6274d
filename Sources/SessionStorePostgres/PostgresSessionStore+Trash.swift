#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO
public import SessionCore
public import SessionStore

extension PostgresSessionStore {
    public func trashUser(_ userID: String, at time: Timestamp) async throws -> UserErasure {
        try await transaction("cannot move the user's data to the trash") { connection in
            try await self.removeUserRows(connection, userID, trashedAt: time.milliseconds)
        }
    }

    public func trashed() async throws -> [TrashedUser] {
        try await fetch(
            "SELECT user_id, count(*), min(trashed_at) FROM trash_sessions WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY user_id",
            "cannot read the trash"
        ) { row in
            let (user, count, time) = try row.decode((String, Int64, Int64).self)
            return TrashedUser(userID: user, sessions: Int(count), trashedAt: Timestamp(milliseconds: time))
        }
    }

    public func restoreTrash(_ userID: String) async throws -> UserErasure {
        try await transaction("cannot restore the user's data from the trash") { connection in
            func count(_ query: PostgresQuery) async throws -> Int {
                var total: Int64 = 0
                for try await value in try await connection.query(query, logger: self.logger).decode(Int64.self) { total = value }
                return Int(total)
            }
            let sessions = try await count("SELECT count(*) FROM (SELECT id FROM trash_sessions WHERE user_id = \(userID) FOR UPDATE) AS t")
            guard sessions > 0 else { return UserErasure(sessions: 0, events: 0, snapshots: 0, labels: 0) }
            let taken = try await connection.query(
                """
                SELECT 1 FROM trash_sessions t JOIN sessions s ON s.application = t.application AND s.external_id = t.external_id
                WHERE t.user_id = \(userID) LIMIT 1
                """, logger: self.logger
            ).collect()
            if !taken.isEmpty {
                throw SessionError(.duplicateExternalID, "a session created since the erasure has the external id of one of the user's trashed sessions")
            }
            // A parent that is gone meanwhile (erased for good) leaves the child a root; parents come before children.
            let columns =
                "id, CASE WHEN parent_id IN (SELECT id FROM sessions) OR parent_id IN (SELECT t.id FROM trash_sessions t WHERE t.user_id = trash_sessions.user_id) THEN parent_id END, "
                + PostgresRows.sessionDataColumns.dropFirst("parent_id, ".count)
            try await connection.query(
                """
                INSERT INTO sessions (\(unescaped: PostgresRows.sessionColumns))
                SELECT \(unescaped: columns) FROM trash_sessions WHERE user_id = \(userID) ORDER BY depth
                """, logger: self.logger)
            var moved: [Int] = []
            for (table, trash, columns) in Self.sessionRowTables {
                moved.append(
                    try await count(
                        """
                        WITH d AS (DELETE FROM \(unescaped: trash) WHERE session_id IN (SELECT id FROM trash_sessions WHERE user_id = \(userID)) RETURNING *),
                        i AS (INSERT INTO \(unescaped: table) (\(unescaped: columns)) SELECT \(unescaped: columns) FROM d RETURNING 1)
                        SELECT count(*) FROM i
                        """))
            }
            try await connection.query("DELETE FROM trash_sessions WHERE user_id = \(userID)", logger: self.logger)
            return UserErasure(sessions: sessions, events: moved[0], snapshots: moved[1], labels: moved[2])
        }
    }

    /// Deletes the rows, then vacuums the trash tables, as ``eraseUser(_:)`` does.
    public func purgeTrash(trashedBefore time: Timestamp, userID: String?) async throws -> TrashPurge {
        let purge = try await transaction("cannot purge the trash") { connection in
            func count(_ query: PostgresQuery) async throws -> Int {
                var total: Int64 = 0
                for try await value in try await connection.query(query, logger: self.logger).decode(Int64.self) { total = value }
                return Int(total)
            }
            let rows = try await connection.query(
                """
                SELECT s.id, s.status, s.user_id FROM trash_sessions s
                WHERE s.trashed_at < \(time.milliseconds) AND (\(userID)::text IS NULL OR s.user_id = \(userID)) AND \(unescaped: Self.notHeld)
                FOR UPDATE
                """, logger: self.logger
            ).collect()
            var ids: [UUID] = [], archived: [UUID] = [], users = Set<String>()
            for row in rows {
                let (id, status, user) = try row.decode((UUID, String, String?).self)
                ids.append(id)
                if status == SessionStatus.archived.rawValue { archived.append(id) }
                if let user { users.insert(user) }
            }
            guard !ids.isEmpty else { return TrashPurge(erased: UserErasure(sessions: 0, events: 0, snapshots: 0, labels: 0), archivedSessions: [], emptiedUsers: []) }
            var deleted: [Int] = []
            for (_, trash, _) in Self.sessionRowTables {
                deleted.append(try await count("WITH d AS (DELETE FROM \(unescaped: trash) WHERE session_id = ANY(\(ids)) RETURNING 1) SELECT count(*) FROM d"))
            }
            try await connection.query("DELETE FROM trash_sessions WHERE id = ANY(\(ids))", logger: self.logger)
            var left = Set<String>()
            for try await user in try await connection.query(
                "SELECT DISTINCT user_id FROM trash_sessions WHERE user_id = ANY(\(Array(users)))", logger: self.logger
            ).decode(String.self) { left.insert(user) }
            return TrashPurge(
                erased: UserErasure(sessions: ids.count, events: deleted[0], snapshots: deleted[1], labels: deleted[2]),
                archivedSessions: archived, emptiedUsers: users.subtracting(left).sorted())
        }
        if purge.erased.sessions > 0 {
            _ = try? await client.query("VACUUM trash_events, trash_snapshots, trash_labels, trash_sessions", logger: logger)
        }
        return purge
    }
}

public import Foundation
import GRDB
public import SessionCore
public import SessionStore

// MARK: - AccessStore

extension SQLiteSessionStore {
    static let tokenColumns = "id, name, role, user_id, token_hash, created_at, revoked_at"

    static func token(_ row: Row) throws -> APIToken {
        guard let role = AccessRole(rawValue: row[2]) else { throw SessionStoreError(.corrupted, "a token has an unknown role") }
        return APIToken(
            id: row[0], name: row[1], role: role, userID: row[3], hash: row[4], createdAt: Timestamp(milliseconds: row[5]),
            revokedAt: (row[6] as Int64?).map(Timestamp.init(milliseconds:)))
    }

    public func createToken(_ token: APIToken) async throws {
        try await write { db in
            // Checked first: a job throws a SessionError only before it writes.
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_tokens WHERE id = ? OR token_hash = ?", arguments: [token.id, token.hash]) == true {
                throw SessionError(.invalidArgument, "a token with this id or hash already exists")
            }
            try db.execute(
                sql: "INSERT INTO api_tokens (\(Self.tokenColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    token.id, token.name, token.role.rawValue, token.userID, token.hash, token.createdAt.milliseconds,
                    token.revokedAt?.milliseconds,
                ])
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.tokenColumns) FROM api_tokens WHERE token_hash = ?"), arguments: [hash]
            ).map(Self.token)
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.tokenColumns) FROM api_tokens ORDER BY created_at, id").map(Self.token)
        }
    }

    public func revokeToken(id: String, at time: Timestamp) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [time.milliseconds, id])
            return db.changesCount > 0
        }
    }

    public func hasActiveTokens() async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM api_tokens WHERE revoked_at IS NULL)")) ?? false
        }
    }

    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry {
        let details = JSONWriter.string(entry.details)
        return try await write { db in
            // One writer: the newest hash cannot change before this entry links to it.
            let previous = try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1")
            var stored = entry
            stored.hash = AuditChain.hash(entry, previous: previous ?? EventHash.genesis)
            try db.cachedStatement(sql: "INSERT INTO audit_log (time, actor, action, target, details, hash) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [entry.time.milliseconds, entry.actor, entry.action, entry.target, details, stored.hash])
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func audit(after: Int64, limit: Int) async throws -> [AuditEntry] {
        try PageLimit.check(limit)
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, time, actor, action, target, details, hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [after, limit]
            ).map { row in
                let details: JSONValue
                do { details = try JSONParser.parse((row[5] as String?) ?? "{}") } catch {
                    throw SessionStoreError(.corrupted, "an audit entry is unreadable", underlying: error)
                }
                return AuditEntry(
                    id: row[0], time: Timestamp(milliseconds: row[1]), actor: row[2], action: row[3], target: row[4], details: details,
                    hash: row[6])
            }
        }
    }

    public func userSessions(_ userID: String, after afterID: UUID?, limit: Int) async throws -> [Session] {
        try PageLimit.check(limit)
        return try await read { db in
            try self.sessions(
                db, sql: "SELECT \(SQLiteRows.sessionColumns) FROM sessions WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [userID, afterID?.lowercased ?? "", limit])
        }
    }

    public func snapshots(_ id: UUID, afterSeq: Int64, limit: Int) async throws -> [SessionSnapshot] {
        try PageLimit.check(limit)
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, state, created_at FROM session_snapshots WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [id.lowercased, afterSeq, limit]
            ).map { row in try SQLiteRows.snapshot(row, of: id, self.cipher) }
        }
    }

    /// Deletes the user's sessions and everything of them in one group-commit job.
    ///
    /// `position` is the events' rowid without `AUTOINCREMENT`, so deleting the event with the
    /// highest position would let the next insert reuse it, and a subscriber that had read up to
    /// it would miss new events. When the erasure removes the highest position, the same
    /// transaction keeps that position taken by a placeholder event (type
    /// `sessiond.position_reserved`, no data) of the reserved session
    /// ``ReservedSession/positionKeeperID``, of which only the newest placeholder is kept.
    ///
    /// Erasure is secure deletion: the transaction runs with `secure_delete` on, so SQLite
    /// overwrites the deleted rows and index entries (and the pages freed) with zeros, and then
    /// a `TRUNCATE` checkpoint moves the WAL into the file and empties it, so no earlier page
    /// image of the erased rows stays in the WAL (when a reader still holds an old snapshot the
    /// checkpoint is partial and the next one finishes it).
    public func eraseUser(_ userID: String) async throws -> UserErasure {
        let erasure = try await eraseUserRows(userID)
        if erasure.sessions > 0 {
            _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        return erasure
    }

    private func eraseUserRows(_ userID: String) async throws -> UserErasure {
        let cache = writerCache
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return try await write { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            let erasure = try Self.removeUserRows(db, userID, now: now, trashedAt: nil)
            // Erased sessions must not be served from the writer's cache (nor detached children with their old parent).
            if erasure.sessions > 0 { cache.clear() }
            return erasure
        }
    }

    /// The tables a session's rows are in besides `sessions`, with their trash tables and columns.
    static let sessionRowTables = [
        ("session_events", "trash_events", SQLiteRows.eventColumns),
        ("session_snapshots", "trash_snapshots", "session_id, seq, state, created_at"),
        ("session_labels", "trash_labels", "session_id, key, value"),
    ]

    /// Deletes every session of `userID` with its rows, after copying them into the trash
    /// tables stamped `trashedAt` if given; refuses with `legal_hold`. Children of other
    /// users are detached, and the highest event position stays taken.
    static func removeUserRows(_ db: Database, _ userID: String, now: Int64, trashedAt: Int64?) throws -> UserErasure {
        let owned = "SELECT id FROM sessions WHERE user_id = ?"
        func count(_ table: String) throws -> Int {
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE session_id IN (\(owned))", arguments: [userID]) ?? 0
        }
        let sessions = try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions WHERE user_id = ?", arguments: [userID]) ?? 0
        guard sessions > 0 else { return UserErasure(sessions: 0, events: 0, snapshots: 0, labels: 0) }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM sessions s WHERE s.user_id = ? AND NOT (\(notHeld)) LIMIT 1", arguments: [userID]) == true {
            throw SessionError(.legalHold, "a legal hold covers sessions of this user")
        }
        let erasure = UserErasure(
            sessions: sessions, events: try count("session_events"), snapshots: try count("session_snapshots"),
            labels: try count("session_labels"))
        if let trashedAt {
            try db.execute(
                sql: "INSERT INTO trash_sessions (\(SQLiteRows.sessionColumns), trashed_at) SELECT \(SQLiteRows.sessionColumns), ? FROM sessions WHERE user_id = ?",
                arguments: [trashedAt, userID])
            for (table, trash, columns) in sessionRowTables {
                try db.execute(sql: "INSERT INTO \(trash) (\(columns)) SELECT \(columns) FROM \(table) WHERE session_id IN (\(owned))", arguments: [userID])
            }
        }
        let highest = try Int64.fetchOne(db, sql: "SELECT max(position) FROM session_events")
        try db.execute(
            sql: "UPDATE sessions SET parent_id = NULL WHERE parent_id IN (\(owned)) AND (user_id IS NULL OR user_id <> ?)",
            arguments: [userID, userID])
        for (table, _, _) in sessionRowTables {
            try db.execute(sql: "DELETE FROM \(table) WHERE session_id IN (\(owned))", arguments: [userID])
        }
        try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userID])
        let remaining = try Int64.fetchOne(db, sql: "SELECT max(position) FROM session_events") ?? 0
        if let highest, remaining < highest { try reservePosition(db, highest, now: now) }
        return erasure
    }

    /// Keeps `position` taken, so the next event gets a higher one.
    static func reservePosition(_ db: Database, _ position: Int64, now: Int64) throws {
        let keeper = ReservedSession.positionKeeperID.lowercased
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM sessions WHERE id = ?", arguments: [keeper]) != true {
            var record = SessionRecord(
                Session(id: ReservedSession.positionKeeperID, application: "sessiond.reserved", status: .archived, createdAt: Timestamp(milliseconds: now)))
            record.lastSeq = .max  // its placeholders are never replayed onto it
            record.nextCheckAt = nil
            try db.execute(
                sql: """
                    INSERT INTO sessions (\(SQLiteRows.sessionColumns))
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    keeper, nil, keeper, 0, nil, nil, record.application, nil, record.status, nil, nil, record.createdAt,
                    record.updatedAt, record.lastActivityAt, nil, nil, nil, record.lastSeq, record.lastHash, record.context,
                    record.effectiveContext, record.labels, record.metadata, record.policy, record.state, record.counters,
                    record.tracking, nil,
                ])
        }
        try db.execute(
            sql: """
                INSERT INTO session_events (position, id, session_id, seq, type, time, data, hash)
                VALUES (?, ?, ?, ?, 'sessiond.position_reserved', ?, '{}', '')
                """,
            arguments: [position, UUID.v7(at: Timestamp(milliseconds: now)).lowercased, keeper, position, now])
        try db.execute(sql: "DELETE FROM session_events WHERE session_id = ? AND position < ?", arguments: [keeper, position])
    }
}

public import Foundation
import GRDB
public import SessionCore
import SessionStore

extension SQLiteSessionStore {
    /// Sessions a hold in force covers are never candidates (nor archived, nor erased).
    static let notHeld = """
        NOT EXISTS (SELECT 1 FROM legal_holds h WHERE (h.scope = 'session' AND h.target = s.id)
            OR (h.scope = 'tree' AND h.target = s.root_id) OR (h.scope = 'user' AND h.target = s.user_id))
        """

    public func endedSessions(status: SessionStatus, endedBefore time: Timestamp, after: (Timestamp, UUID)?, limit: Int) async throws -> [Session] {
        try PageLimit.check(limit)
        var sql = "SELECT \(SQLiteRows.sessionColumns) FROM sessions s WHERE s.status = ? AND s.ended_at IS NOT NULL AND s.ended_at < ?"
        var values: [(any DatabaseValueConvertible)?] = [status.rawValue, time.milliseconds]
        if let (endedAt, id) = after {
            sql += " AND (s.ended_at, s.id) > (?, ?)"
            values += [endedAt.milliseconds, id.lowercased]
        }
        if status == .archived { sql += " AND EXISTS (SELECT 1 FROM session_events e WHERE e.session_id = s.id)" }
        sql += " AND \(Self.notHeld) ORDER BY s.ended_at, s.id LIMIT ?"
        values.append(limit)
        let arguments = StatementArguments(values)
        let query = sql
        return try await read { db in try self.sessions(db, sql: query, arguments: arguments) }
    }

    public func dropArchivedEvents(_ sessionID: UUID, expectedSeq: Int64) async throws {
        let cache = writerCache
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await write { db in
            let id = sessionID.lowercased
            guard let loaded = try cache.load(db, sessionID, from: self)?.session else {
                throw SessionError(.sessionNotFound, "session \(id) does not exist")
            }
            guard loaded.lastSeq == expectedSeq, loaded.status == .archived else {
                throw SessionError(.sequenceConflict, "session \(id) changed since it was archived")
            }
            let held = try Bool.fetchOne(db, sql: "SELECT 1 FROM sessions s WHERE s.id = ? AND NOT (\(Self.notHeld))", arguments: [id]) ?? false
            if held { throw SessionError(.legalHold, "session \(id) is under a legal hold") }
            let highest = try Int64.fetchOne(db, sql: "SELECT max(position) FROM session_events")
            try db.execute(sql: "DELETE FROM session_events WHERE session_id = ?", arguments: [id])
            try db.execute(
                sql: "DELETE FROM session_snapshots WHERE session_id = ? AND seq < (SELECT max(seq) FROM session_snapshots WHERE session_id = ?)",
                arguments: [id, id])
            // Positions are never handed out twice, also when the newest events were archived.
            let remaining = try Int64.fetchOne(db, sql: "SELECT max(position) FROM session_events") ?? 0
            if let highest, remaining < highest { try Self.reservePosition(db, highest, now: now) }
            cache.clear()
        }
    }

    public func restore(events: [SessionEvent], snapshots: [SessionSnapshot]) async throws {
        try await write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO session_events (position, id, session_id, seq, type, time, data, state_delta, inverse_delta, source,
                        idempotency_key, correlation_id, causation_id, trace_id, span_id, hash, redactions)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            // A position the keeper reserved when these events left is theirs again.
            let release = try db.cachedStatement(sql: "DELETE FROM session_events WHERE position = ? AND session_id = ?")
            let keeper = ReservedSession.positionKeeperID.lowercased
            var users: [UUID: String?] = [:]
            func user(_ id: UUID) throws -> String? {
                if let known = users[id] { return known }
                let user = try String.fetchOne(db, sql: "SELECT user_id FROM sessions WHERE id = ?", arguments: [id.lowercased])
                users[id] = user
                return user
            }
            for e in events {
                try release.execute(arguments: [e.position, keeper])
                var binder = StatementBinder(insert)
                binder.bind(e.position)
                let payload = try SQLiteEventPayload(e, data: JSONWriter.string(e.data), self.cipher, user: try user(e.sessionID))
                binder.bindEvent(e, sessionID: e.sessionID.lowercased, payload: payload)
                try binder.execute(db)
            }
            let snapshot = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO session_snapshots (session_id, seq, state, created_at) VALUES (?, ?, ?, ?)")
            for s in snapshots {
                try snapshot.execute(arguments: [s.sessionID.lowercased, s.seq, try SQLitePayloadColumn(
                        JSONWriter.string(s.state), self.cipher, user: try user(s.sessionID), sessionID: s.sessionID, field: PayloadField.snapshot(s.seq)), s.createdAt.milliseconds])
            }
        }
    }

    public func placeHold(_ hold: LegalHold) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO legal_holds (scope, target, reason, placed_by, placed_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [hold.scope.rawValue, hold.target, hold.reason, hold.placedBy, hold.placedAt.milliseconds])
        }
    }

    public func releaseHold(scope: LegalHold.Scope, target: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM legal_holds WHERE scope = ? AND target = ?", arguments: [scope.rawValue, target])
            return db.changesCount > 0
        }
    }

    public func holds() async throws -> [LegalHold] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT scope, target, reason, placed_by, placed_at FROM legal_holds ORDER BY placed_at, scope, target").map { row in
                guard let scope = LegalHold.Scope(rawValue: row[0]) else { throw SessionStoreError(.corrupted, "a legal hold has an unknown scope") }
                return LegalHold(scope: scope, target: row[1], reason: row[2], placedBy: row[3], placedAt: Timestamp(milliseconds: row[4]))
            }
        }
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PostgresNIO
public import SessionCore
public import SessionStore

// MARK: - AccessStore

extension PostgresSessionStore {
    static let tokenColumns = "id, name, role, user_id, token_hash, created_at, revoked_at"

    static func token(_ row: PostgresRow) throws -> APIToken {
        let values: (String, String, String, String?, String, Int64, Int64?)
        do {
            values = try row.decode((String, String, String, String?, String, Int64, Int64?).self)
        } catch {
            throw SessionStoreError(.corrupted, "a token row is unreadable", underlying: error)
        }
        guard let role = AccessRole(rawValue: values.2) else { throw SessionStoreError(.corrupted, "a token has an unknown role") }
        return APIToken(
            id: values.0, name: values.1, role: role, userID: values.3, hash: values.4, createdAt: Timestamp(milliseconds: values.5),
            revokedAt: values.6.map(Timestamp.init(milliseconds:)))
    }

    public func createToken(_ token: APIToken) async throws {
        try await transaction("cannot create the token") { connection in
            let rows = try await connection.query(
                """
                INSERT INTO api_tokens (\(unescaped: Self.tokenColumns))
                VALUES (\(token.id), \(token.name), \(token.role.rawValue), \(token.userID), \(token.hash),
                    \(token.createdAt.milliseconds), \(token.revokedAt?.milliseconds))
                ON CONFLICT DO NOTHING RETURNING id
                """, logger: self.logger
            ).collect()
            if rows.isEmpty { throw SessionError(.invalidArgument, "a token with this id or hash already exists") }
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await fetch(
            "SELECT \(unescaped: Self.tokenColumns) FROM api_tokens WHERE token_hash = \(hash)", "cannot read the token", Self.token
        ).first
    }

    public func tokens() async throws -> [APIToken] {
        try await fetch("SELECT \(unescaped: Self.tokenColumns) FROM api_tokens ORDER BY created_at, id", "cannot list tokens", Self.token)
    }

    public func revokeToken(id: String, at time: Timestamp) async throws -> Bool {
        try await !fetch(
            "UPDATE api_tokens SET revoked_at = \(time.milliseconds) WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
            "cannot revoke the token", { try $0.decode(String.self) }
        ).isEmpty
    }

    public func hasActiveTokens() async throws -> Bool {
        try await fetch(
            "SELECT EXISTS (SELECT 1 FROM api_tokens WHERE revoked_at IS NULL)", "cannot read tokens", { try $0.decode(Bool.self) }
        ).first ?? false
    }

    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry {
        try await transaction("cannot write the audit log") { connection in
            // Writers of every instance take turns, so each links to the newest hash.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditChainLock))", logger: self.logger)
            var previous = EventHash.genesis
            for try await hash in try await connection.query(
                "SELECT hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1", logger: self.logger
            ).decode(String.self) { previous = hash }
            var stored = entry
            stored.hash = AuditChain.hash(entry, previous: previous)
            for try await id in try await connection.query(
                """
                INSERT INTO audit_log (time, actor, action, target, details, hash)
                VALUES (\(entry.time.milliseconds), \(entry.actor), \(entry.action), \(entry.target), \(JSONWriter.string(entry.details)), \(stored.hash))
                RETURNING id
                """, logger: self.logger
            ).decode(Int64.self) { stored.id = id }
            return stored
        }
    }

    /// The advisory lock that orders audit writers (`'sessiond.audit'` as a number).
    static let auditChainLock: Int64 = 0x7365_7373_6175_6474

    public func audit(after: Int64, limit: Int) async throws -> [AuditEntry] {
        try PageLimit.check(limit)
        return try await fetch(
            "SELECT id, time, actor, action, target, details, hash FROM audit_log WHERE id > \(after) ORDER BY id LIMIT \(limit)",
            "cannot read the audit log"
        ) { row in
            let (id, time, actor, action, target, details, hash) = try row.decode((Int64, Int64, String, String, String?, String?, String?).self)
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(details ?? "{}") } catch {
                throw SessionStoreError(.corrupted, "an audit entry is unreadable", underlying: error)
            }
            return AuditEntry(
                id: id, time: Timestamp(milliseconds: time), actor: actor, action: action, target: target, details: parsed, hash: hash)
        }
    }

    public func userSessions(_ userID: String, after afterID: UUID?, limit: Int) async throws -> [Session] {
        try PageLimit.check(limit)
        let query: PostgresQuery =
            if let afterID {
                """
                SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions
                WHERE user_id = \(userID) AND id > \(afterID) ORDER BY id LIMIT \(limit)
                """
            } else {
                "SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions WHERE user_id = \(userID) ORDER BY id LIMIT \(limit)"
            }
        return try await fetch(query, "cannot list the user's sessions", self.rows.session)
    }

    public func snapshots(_ id: UUID, afterSeq: Int64, limit: Int) async throws -> [SessionSnapshot] {
        try PageLimit.check(limit)
        return try await fetch(
            """
            SELECT session_id, seq, state, created_at FROM session_snapshots
            WHERE session_id = \(id) AND seq > \(afterSeq) ORDER BY seq LIMIT \(limit)
            """, "cannot read snapshots", self.rows.snapshot)
    }

    /// Deletes the user's sessions and everything of them in one transaction. Positions come
    /// from `event_positions`, never from the rows, so deleting events never lets one be reused.
    ///
    /// After the transaction the four tables are vacuumed, so the space of the deleted row
    /// versions is freed for reuse (VACUUM does not overwrite it: see docs/PRIVACY.md).
    public func eraseUser(_ userID: String) async throws -> UserErasure {
        let erasure = try await eraseUserRows(userID)
        if erasure.sessions > 0 {
            // Outside any transaction, as VACUUM must be; a failure leaves it to autovacuum.
            _ = try? await client.query("VACUUM session_events, session_snapshots, session_labels, sessions", logger: logger)
        }
        return erasure
    }

    private func eraseUserRows(_ userID: String) async throws -> UserErasure {
        try await transaction("cannot erase the user's data") { connection in
            try await self.removeUserRows(connection, userID, trashedAt: nil)
        }
    }

    /// The tables a session's rows are in besides `sessions`, with their trash tables and columns.
    static let sessionRowTables = [
        ("session_events", "trash_events", PostgresRows.eventColumns),
        ("session_snapshots", "trash_snapshots", "session_id, seq, state, created_at"),
        ("session_labels", "trash_labels", "session_id, key, value"),
    ]

    /// Deletes every session of `userID` with its rows, after copying them into the trash
    /// tables stamped `trashedAt` if given; refuses with `legal_hold`. Children of other
    /// users are detached.
    func removeUserRows(_ connection: PostgresConnection, _ userID: String, trashedAt: Int64?) async throws -> UserErasure {
        func count(_ query: PostgresQuery) async throws -> Int {
            var total: Int64 = 0
            for try await value in try await connection.query(query, logger: self.logger).decode(Int64.self) { total = value }
            return Int(total)
        }
        // Lock the user's rows first, so concurrent writers to them wait for the erasure.
        let sessions = try await count(
            "SELECT count(*) FROM (SELECT id FROM sessions WHERE user_id = \(userID) FOR UPDATE) AS owned")
        guard sessions > 0 else { return UserErasure(sessions: 0, events: 0, snapshots: 0, labels: 0) }
        let held = try await connection.query(
            "SELECT 1 FROM sessions s WHERE s.user_id = \(userID) AND NOT (\(unescaped: Self.notHeld)) LIMIT 1", logger: self.logger
        ).collect()
        if !held.isEmpty { throw SessionError(.legalHold, "a legal hold covers sessions of this user") }
        if let trashedAt {
            try await connection.query(
                """
                INSERT INTO trash_sessions (\(unescaped: PostgresRows.sessionColumns), trashed_at)
                SELECT \(unescaped: PostgresRows.sessionColumns), \(trashedAt) FROM sessions WHERE user_id = \(userID)
                """, logger: self.logger)
            for (table, trash, columns) in Self.sessionRowTables {
                try await connection.query(
                    """
                    INSERT INTO \(unescaped: trash) (\(unescaped: columns)) SELECT \(unescaped: columns) FROM \(unescaped: table)
                    WHERE session_id IN (SELECT id FROM sessions WHERE user_id = \(userID))
                    """, logger: self.logger)
            }
        }
        try await connection.query(
            """
            UPDATE sessions SET parent_id = NULL
            WHERE parent_id IN (SELECT id FROM sessions WHERE user_id = \(userID)) AND user_id IS DISTINCT FROM \(userID)
            """, logger: self.logger)
        let events = try await count(
            """
            WITH d AS (DELETE FROM session_events WHERE session_id IN (SELECT id FROM sessions WHERE user_id = \(userID)) RETURNING 1)
            SELECT count(*) FROM d
            """)
        let snapshots = try await count(
            """
            WITH d AS (DELETE FROM session_snapshots WHERE session_id IN (SELECT id FROM sessions WHERE user_id = \(userID)) RETURNING 1)
            SELECT count(*) FROM d
            """)
        let labels = try await count(
            """
            WITH d AS (DELETE FROM session_labels WHERE session_id IN (SELECT id FROM sessions WHERE user_id = \(userID)) RETURNING 1)
            SELECT count(*) FROM d
            """)
        try await connection.query("DELETE FROM sessions WHERE user_id = \(userID)", logger: self.logger)
        return UserErasure(sessions: sessions, events: events, snapshots: snapshots, labels: labels)
    }
}

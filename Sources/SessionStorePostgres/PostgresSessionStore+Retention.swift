#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PostgresNIO
public import SessionCore
import SessionStore

extension PostgresSessionStore {
    /// Sessions a hold in force covers are never candidates (nor archived, nor erased).
    static let notHeld = """
        NOT EXISTS (SELECT 1 FROM legal_holds h WHERE (h.scope = 'session' AND h.target = s.id::text)
            OR (h.scope = 'tree' AND h.target = s.root_id::text) OR (h.scope = 'user' AND h.target = s.user_id))
        """

    public func endedSessions(status: SessionStatus, endedBefore time: Timestamp, after: (Timestamp, UUID)?, limit: Int) async throws -> [Session] {
        try PageLimit.check(limit)
        let afterTime = after?.0.milliseconds ?? Int64.min
        let afterID = after?.1 ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        return try await fetch(
            """
            SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions s
            WHERE s.status = \(status.rawValue) AND s.ended_at IS NOT NULL AND s.ended_at < \(time.milliseconds)
              AND (s.ended_at, s.id) > (\(afterTime), \(afterID)) AND \(unescaped: Self.notHeld)
              AND (s.status <> 'archived' OR EXISTS (SELECT 1 FROM session_events e WHERE e.session_id = s.id))
            ORDER BY s.ended_at, s.id LIMIT \(Int64(limit))
            """, "cannot read retention candidates", self.rows.session)
    }

    public func dropArchivedEvents(_ id: UUID, expectedSeq: Int64) async throws {
        try await transaction("cannot drop the archived events") { connection in
            guard let loaded = try await self.lockSession(connection, id, logger: self.logger) else {
                throw SessionError(.sessionNotFound, "session \(id.lowercased) does not exist")
            }
            guard loaded.lastSeq == expectedSeq, loaded.status == .archived else {
                throw SessionError(.sequenceConflict, "session \(id.lowercased) changed since it was archived")
            }
            let held = try await connection.query(
                "SELECT 1 FROM sessions s WHERE s.id = \(id) AND NOT (\(unescaped: Self.notHeld))", logger: self.logger
            ).collect()
            if !held.isEmpty { throw SessionError(.legalHold, "session \(id.lowercased) is under a legal hold") }
            try await connection.query("DELETE FROM session_events WHERE session_id = \(id)", logger: self.logger)
            try await connection.query(
                """
                DELETE FROM session_snapshots WHERE session_id = \(id)
                  AND seq < (SELECT max(seq) FROM session_snapshots WHERE session_id = \(id))
                """, logger: self.logger)
        }
    }

    public func restore(events: [SessionEvent], snapshots: [SessionSnapshot]) async throws {
        try await transaction("cannot restore the session's events") { connection in
            var users: [UUID: String?] = [:]
            func user(_ id: UUID) async throws -> String? {
                if let known = users[id] { return known }
                let rows = try await connection.query("SELECT user_id FROM sessions WHERE id = \(id)", logger: self.logger).collect()
                let user = try rows.first?.decode(String?.self) ?? nil
                users[id] = user
                return user
            }
            for event in events {
                let r = try EventRecord(event).sealed(self.configuration.cipher, user: try await user(event.sessionID))
                try await connection.query(
                    """
                    INSERT INTO session_events (position, id, session_id, seq, type, time, data, state_delta, inverse_delta,
                        source, idempotency_key, correlation_id, causation_id, trace_id, span_id, hash, redactions)
                    VALUES (\(event.position), \(event.id), \(event.sessionID), \(r.seq), \(r.type), \(r.time), \(r.data), \(r.stateDelta),
                        \(r.inverseDelta), \(r.source), \(r.idempotencyKey), \(r.correlationID), \(r.causationID), \(r.traceID), \(r.spanID),
                        \(r.hash), \(r.redactions))
                    ON CONFLICT DO NOTHING
                    """, logger: self.logger)
            }
            for s in snapshots {
                try await connection.query(
                    """
                    INSERT INTO session_snapshots (session_id, seq, state, created_at)
                    VALUES (\(s.sessionID), \(s.seq), \(try s.stateText(self.configuration.cipher, user: try await user(s.sessionID))), \(s.createdAt.milliseconds))
                    ON CONFLICT DO NOTHING
                    """, logger: self.logger)
            }
        }
    }

    public func placeHold(_ hold: LegalHold) async throws {
        _ = try await transaction("cannot place the hold") { connection in
            try await connection.query(
                """
                INSERT INTO legal_holds (scope, target, reason, placed_by, placed_at)
                VALUES (\(hold.scope.rawValue), \(hold.target), \(hold.reason), \(hold.placedBy), \(hold.placedAt.milliseconds))
                ON CONFLICT (scope, target) DO UPDATE SET reason = EXCLUDED.reason, placed_by = EXCLUDED.placed_by, placed_at = EXCLUDED.placed_at
                """, logger: self.logger)
        }
    }

    public func releaseHold(scope: LegalHold.Scope, target: String) async throws -> Bool {
        try await transaction("cannot release the hold") { connection in
            let rows = try await connection.query(
                "DELETE FROM legal_holds WHERE scope = \(scope.rawValue) AND target = \(target) RETURNING 1", logger: self.logger
            ).collect()
            return !rows.isEmpty
        }
    }

    public func holds() async throws -> [LegalHold] {
        try await fetch(
            "SELECT scope, target, reason, placed_by, placed_at FROM legal_holds ORDER BY placed_at, scope, target", "cannot read holds"
        ) { row in
            let (scope, target, reason, placedBy, placedAt) = try row.decode((String, String, String, String, Int64).self)
            guard let kind = LegalHold.Scope(rawValue: scope) else { throw SessionStoreError(.corrupted, "a legal hold has an unknown scope") }
            return LegalHold(scope: kind, target: target, reason: reason, placedBy: placedBy, placedAt: Timestamp(milliseconds: placedAt))
        }
    }
}

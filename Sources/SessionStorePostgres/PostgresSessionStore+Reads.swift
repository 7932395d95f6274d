#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PostgresNIO
public import SessionCore
import SessionStore

extension PostgresSessionStore {
    public func session(_ id: UUID) async throws -> Session? {
        try await fetch(
            "SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions WHERE id = \(id)", "cannot read the session",
            self.rows.session
        ).first
    }

    public func session(application: String, externalID: String) async throws -> Session? {
        try await fetch(
            """
            SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions
            WHERE application = \(application) AND external_id = \(externalID)
            """, "cannot read the session", self.rows.session
        ).first
    }

    public func sessions(_ query: SessionQuery) async throws -> SessionPage {
        try PageLimit.check(query.limit)
        let cursor = try query.cursorID()
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 512, interpolationCount: 16 + 2 * query.labels.count)
        sql.appendLiteral("SELECT \(PostgresRows.sessionColumns) FROM sessions WHERE true")
        if let v = query.userID { sql.appendLiteral(" AND user_id = "); sql.appendInterpolation(v) }
        if let v = query.application { sql.appendLiteral(" AND application = "); sql.appendInterpolation(v) }
        if let v = query.projectKey { sql.appendLiteral(" AND project_key = "); sql.appendInterpolation(v) }
        if !query.statuses.isEmpty {
            sql.appendLiteral(" AND status = ANY(")
            sql.appendInterpolation(query.statuses.map(\.rawValue))
            sql.appendLiteral(")")
        }
        for (key, value) in query.labels.sorted(by: { $0.key < $1.key }) {
            sql.appendLiteral(" AND id IN (SELECT session_id FROM session_labels WHERE key = ")
            sql.appendInterpolation(key)
            sql.appendLiteral(" AND value = ")
            sql.appendInterpolation(value)
            sql.appendLiteral(")")
        }
        if let v = query.parentID { sql.appendLiteral(" AND parent_id = "); sql.appendInterpolation(v) }
        if let v = query.rootID { sql.appendLiteral(" AND root_id = "); sql.appendInterpolation(v) }
        if let v = query.createdFrom { sql.appendLiteral(" AND created_at >= "); sql.appendInterpolation(v.milliseconds) }
        if let v = query.createdUntil { sql.appendLiteral(" AND created_at < "); sql.appendInterpolation(v.milliseconds) }
        if let v = query.activeFrom { sql.appendLiteral(" AND last_activity_at >= "); sql.appendInterpolation(v.milliseconds) }
        if let v = query.activeUntil { sql.appendLiteral(" AND last_activity_at < "); sql.appendInterpolation(v.milliseconds) }
        if let cursor { sql.appendLiteral(" AND id < "); sql.appendInterpolation(cursor) }
        sql.appendLiteral(" ORDER BY id DESC LIMIT ")
        sql.appendInterpolation(query.limit + 1)
        let sessions = try await fetch(PostgresQuery(stringInterpolation: sql), "cannot list sessions", self.rows.session)
        return SessionPage(rows: sessions, limit: query.limit)
    }

    public func events(_ id: UUID, afterSeq: Int64, limit: Int, types: [String]) async throws -> [SessionEvent] {
        try PageLimit.check(limit)
        let query: PostgresQuery =
            types.isEmpty
            ? """
            SELECT \(unescaped: PostgresRows.eventColumns) FROM session_events
            WHERE session_id = \(id) AND seq > \(afterSeq) ORDER BY seq LIMIT \(limit)
            """
            : """
            SELECT \(unescaped: PostgresRows.eventColumns) FROM session_events
            WHERE session_id = \(id) AND seq > \(afterSeq) AND type = ANY(\(types)) ORDER BY seq LIMIT \(limit)
            """
        return try await fetch(query, "cannot read events", self.rows.event)
    }

    public func event(_ id: UUID, seq: Int64) async throws -> SessionEvent? {
        try await fetch(
            "SELECT \(unescaped: PostgresRows.eventColumns) FROM session_events WHERE session_id = \(id) AND seq = \(seq)",
            "cannot read the event", self.rows.event
        ).first
    }

    public func snapshot(_ id: UUID, atOrBefore seq: Int64) async throws -> SessionSnapshot? {
        try await fetch(
            """
            SELECT session_id, seq, state, created_at FROM session_snapshots
            WHERE session_id = \(id) AND seq <= \(seq) ORDER BY seq DESC LIMIT 1
            """, "cannot read the snapshot", self.rows.snapshot
        ).first
    }

    public func descendants(of id: UUID) async throws -> [Session] {
        try await fetch(
            """
            WITH RECURSIVE tree(id) AS (
                SELECT id FROM sessions WHERE parent_id = \(id)
                UNION ALL
                SELECT s.id FROM sessions s JOIN tree t ON s.parent_id = t.id
            )
            SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions WHERE id IN (SELECT id FROM tree)
            ORDER BY depth, id
            """, "cannot read descendants", self.rows.session)
    }

    public func children(of id: UUID, statuses: [SessionStatus]) async throws -> [Session] {
        let query: PostgresQuery =
            statuses.isEmpty
            ? "SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions WHERE parent_id = \(id) ORDER BY id"
            : """
            SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions
            WHERE parent_id = \(id) AND status = ANY(\(statuses.map(\.rawValue))) ORDER BY id
            """
        return try await fetch(query, "cannot read children", self.rows.session)
    }

    public func dueSessions(at time: Timestamp, limit: Int) async throws -> [Session] {
        guard limit > 0 else { throw SessionError(.invalidArgument, "limit must be positive") }
        return try await fetch(
            """
            SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions
            WHERE next_check_at IS NOT NULL AND next_check_at <= \(time.milliseconds)
            ORDER BY next_check_at, id LIMIT \(limit)
            """, "cannot read due sessions", self.rows.session)
    }

    public func events(afterPosition: Int64, matching filter: EventFilter, limit: Int) async throws -> [SessionEvent] {
        try PageLimit.check(limit)
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 256, interpolationCount: 6)
        sql.appendLiteral("SELECT \(PostgresRows.eventColumns.split(separator: ",").map { "e." + $0.filter { !$0.isWhitespace } }.joined(separator: ", ")) FROM session_events e")
        if filter.userID != nil || filter.application != nil { sql.appendLiteral(" JOIN sessions s ON s.id = e.session_id") }
        sql.appendLiteral(" WHERE e.position > ")
        sql.appendInterpolation(afterPosition)
        if let v = filter.sessionID { sql.appendLiteral(" AND e.session_id = "); sql.appendInterpolation(v) }
        if let v = filter.userID { sql.appendLiteral(" AND s.user_id = "); sql.appendInterpolation(v) }
        if let v = filter.application { sql.appendLiteral(" AND s.application = "); sql.appendInterpolation(v) }
        if !filter.types.isEmpty { sql.appendLiteral(" AND e.type = ANY("); sql.appendInterpolation(filter.types); sql.appendLiteral(")") }
        sql.appendLiteral(" ORDER BY e.position LIMIT ")
        sql.appendInterpolation(limit)
        return try await fetch(PostgresQuery(stringInterpolation: sql), "cannot read events", self.rows.event)
    }

    /// Events of every session after `afterPosition`, unfiltered.
    package func events(afterPosition: Int64, limit: Int) async throws -> [SessionEvent] {
        try await events(afterPosition: afterPosition, matching: EventFilter(), limit: limit)
    }

    public func stats(userID: String?, durationSample: Int) async throws -> SessionStats {
        var stats = SessionStats()
        let groups = try await fetch(
            """
            SELECT status, application, COUNT(*) FROM sessions
            WHERE \(userID) :: text IS NULL OR user_id = \(userID)
            GROUP BY status, application
            """, "cannot read stats"
        ) { row in try row.decode((String, String, Int64).self) }
        for (status, application, count) in groups {
            guard let status = SessionStatus(rawValue: status) else { continue }
            stats.byStatus[status, default: 0] += count
            if status.isLive { stats.liveByApplication[application, default: 0] += count }
        }
        let outcomes = try await fetch(
            """
            SELECT outcome, COUNT(*) FROM sessions
            WHERE outcome IS NOT NULL AND (\(userID) :: text IS NULL OR user_id = \(userID))
            GROUP BY outcome
            """, "cannot read stats"
        ) { row in try row.decode((String, Int64).self) }
        for (outcome, count) in outcomes { if let outcome = SessionOutcome(rawValue: outcome) { stats.byOutcome[outcome] = count } }
        stats.recentDurationsMs = try await fetch(
            """
            SELECT ended_at - created_at FROM sessions
            WHERE ended_at IS NOT NULL AND (\(userID) :: text IS NULL OR user_id = \(userID))
            ORDER BY ended_at DESC LIMIT \(durationSample)
            """, "cannot read stats"
        ) { row in try row.decode(Int64.self) }
        return stats
    }
}

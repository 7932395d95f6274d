public import Foundation
import PostgresNIO
public import SessionCore
import SessionStore

// MARK: - AnalyticsStore

extension PostgresSessionStore {
    public func analyticsSessions(from: Timestamp, until: Timestamp, userID: String?, limit: Int) async throws -> [AnalyticsSession] {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 400, interpolationCount: 4)
        sql.appendLiteral(
            """
            SELECT id, application, user_id, project_key, status, outcome, end_reason, created_at, ended_at, last_activity_at, counters
            FROM sessions WHERE created_at <= 
            """)
        sql.appendInterpolation(until.milliseconds)
        sql.appendLiteral(" AND (ended_at IS NULL OR ended_at >= ")
        sql.appendInterpolation(from.milliseconds)
        sql.appendLiteral(")")
        if let userID {
            sql.appendLiteral(" AND user_id = ")
            sql.appendInterpolation(userID)
        }
        sql.appendLiteral(" ORDER BY created_at DESC, id DESC LIMIT ")
        sql.appendInterpolation(Int64(limit))
        let rows = try await fetch(PostgresQuery(stringInterpolation: sql), "cannot read sessions for analytics") { row in
            try row.decode((UUID, String, String?, String?, String, String?, String?, Int64, Int64?, Int64, String).self)
        }
        return rows.compactMap { r -> AnalyticsSession? in
            guard let status = SessionStatus(rawValue: r.4) else { return nil }
            return AnalyticsSession(
                id: r.0, application: r.1, userID: r.2, projectKey: r.3, status: status, outcome: r.5.flatMap(SessionOutcome.init(rawValue:)),
                endReason: r.6, createdAt: Timestamp(milliseconds: r.7), endedAt: r.8.map(Timestamp.init(milliseconds:)),
                lastActivityAt: Timestamp(milliseconds: r.9), counters: SessionCounters(json: (try? JSONParser.parse(r.10)) ?? .null))
        }
    }

    public func eventTypeCounts(sessionIDs: [UUID]) async throws -> [UUID: [String: Int64]] {
        var result: [UUID: [String: Int64]] = [:]
        for start in stride(from: 0, to: sessionIDs.count, by: 1000) {
            let chunk = Array(sessionIDs[start..<min(start + 1000, sessionIDs.count)])
            let rows = try await fetch(
                """
                SELECT session_id, type, count(*) FROM session_events
                WHERE session_id = ANY(\(chunk)) AND type NOT LIKE 'session.%' GROUP BY session_id, type
                """,
                "cannot count event types"
            ) { row in try row.decode((UUID, String, Int64).self) }
            for (id, type, count) in rows { result[id, default: [:]][type] = count }
        }
        return result
    }
}

public import Foundation
import GRDB
public import SessionCore
import SessionStore

// MARK: - AnalyticsStore

extension SQLiteSessionStore {
    public func analyticsSessions(from: Timestamp, until: Timestamp, userID: String?, limit: Int) async throws -> [AnalyticsSession] {
        var sql = """
            SELECT id, application, user_id, project_key, status, outcome, end_reason, created_at, ended_at, last_activity_at, counters
            FROM sessions WHERE created_at <= ? AND (ended_at IS NULL OR ended_at >= ?)
            """
        var arguments: StatementArguments = [until.milliseconds, from.milliseconds]
        if let userID {
            sql += " AND user_id = ?"
            arguments += [userID]
        }
        sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
        arguments += [limit]
        let finalSQL = sql
        let values = arguments
        return try await read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: values).compactMap { row -> AnalyticsSession? in
                guard let id = UUID(text: row[0]), let status = SessionStatus(rawValue: row[4]) else { return nil }
                let countersText: String = row[10]
                return AnalyticsSession(
                    id: id, application: row[1], userID: row[2], projectKey: row[3], status: status,
                    outcome: (row[5] as String?).flatMap(SessionOutcome.init(rawValue:)), endReason: row[6],
                    createdAt: Timestamp(milliseconds: row[7]), endedAt: (row[8] as Int64?).map(Timestamp.init(milliseconds:)),
                    lastActivityAt: Timestamp(milliseconds: row[9]),
                    counters: SessionCounters(json: (try? JSONParser.parse(countersText)) ?? .null))
            }
        }
    }

    public func eventTypeCounts(sessionIDs: [UUID]) async throws -> [UUID: [String: Int64]] {
        var result: [UUID: [String: Int64]] = [:]
        for chunk in stride(from: 0, to: sessionIDs.count, by: 500).map({ Array(sessionIDs[$0..<min($0 + 500, sessionIDs.count)]) }) {
            let ids = chunk.map(\.lowercased)
            let rows = try await read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT session_id, type, count(*) FROM session_events
                        WHERE session_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) AND type NOT LIKE 'session.%'
                        GROUP BY session_id, type
                        """,
                    arguments: StatementArguments(ids)
                ).map { row -> (String, String, Int64) in (row[0], row[1], row[2]) }
            }
            for (id, type, count) in rows {
                guard let uuid = UUID(text: id) else { continue }
                result[uuid, default: [:]][type] = count
            }
        }
        return result
    }
}

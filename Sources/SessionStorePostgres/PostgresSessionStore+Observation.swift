import PostgresNIO
import SessionCore
public import SessionStore

extension PostgresSessionStore {
    public var backend: String { "postgres" }

    /// The last position `event_positions` handed out and committed: positions commit in order
    /// (see "Event positions" on ``PostgresSessionStore``), so every event up to it is visible.
    public func latestPosition() async throws -> Int64 {
        try await fetch("SELECT last FROM event_positions WHERE id = 1", "cannot read the latest position") { row in
            try row.decode(Int64.self)
        }.first ?? 0
    }

    /// Live sessions grouped by status and application, and the size of this schema's relations
    /// (tables, indexes, TOAST). Disk space is the database server's business: not reported.
    public func observe() async throws -> StoreObservation {
        let live = SessionStatus.live.map(\.rawValue)
        let counts = try await fetch(
            "SELECT status, application, count(*) FROM sessions WHERE status = ANY(\(live)) GROUP BY status, application",
            "cannot count live sessions"
        ) { row in
            let (status, application, count) = try row.decode((String, String, Int64).self)
            return SessionStatus(rawValue: status).map { StoreObservation.LiveCount(status: $0, application: application, count: count) }
        }
        let size = try await fetch(
            """
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')
            """,
            "cannot read the database size"
        ) { row in try row.decode(Int64.self) }
        return StoreObservation(live: counts.compactMap { $0 }, databaseBytes: size.first)
    }
}

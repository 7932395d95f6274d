import GRDB
import SessionCore
public import SessionStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SQLiteSessionStore {
    public var backend: String { "sqlite" }

    /// The largest rowid of `session_events`: one index lookup.
    public func latestPosition() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(position), 0) FROM session_events") ?? 0 }
    }

    /// Live sessions grouped by status and application (index `sessions(status, …)`), the size
    /// of the database file with its WAL, and the free space of its file system.
    public func observe() async throws -> StoreObservation {
        let live = SessionStatus.live.map(\.rawValue)
        let counts = try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT status, application, count(*) FROM sessions
                    WHERE status IN (\(live.map { _ in "?" }.joined(separator: ","))) GROUP BY status, application
                    """,
                arguments: StatementArguments(live)
            ).compactMap { row -> StoreObservation.LiveCount? in
                SessionStatus(rawValue: row[0]).map { StoreObservation.LiveCount(status: $0, application: row[1], count: row[2]) }
            }
        }
        var observation = StoreObservation(live: counts)
        observation.databaseBytes = [path, path + "-wal"].reduce(Int64(0)) { total, file in
            var info = stat()
            return stat(file, &info) == 0 ? total + Int64(info.st_size) : total
        }
        var fs = statvfs()
        if statvfs(path, &fs) == 0 {
            observation.diskFreeBytes = Int64(fs.f_bavail) * Int64(fs.f_frsize)
            observation.diskTotalBytes = Int64(fs.f_blocks) * Int64(fs.f_frsize)
        }
        return observation
    }
}

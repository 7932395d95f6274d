public import CoreMetrics
public import Foundation
import GRDB
public import SessionCore
public import SessionStore

/// The embedded store: one SQLite file in WAL mode, one writer connection with group commit,
/// and a pool of readers.
///
/// Several processes may open the same file at once (as an assistant's hook scripts do):
/// each write waits for the file's write lock up to ``Configuration/busyTimeout``.
public final class SQLiteSessionStore: SessionStore {
    /// How the store opens its file.
    public struct Configuration: Sendable {
        /// `NORMAL` (default) survives process crashes; `FULL` also power loss, at one fsync per commit.
        public enum Synchronous: String, Sendable {
            case normal = "NORMAL"
            case full = "FULL"
        }

        public var synchronous: Synchronous
        /// How long a write waits for another process's lock before failing. Default 30 s.
        public var busyTimeout: Duration
        /// Reader connections. Default 4.
        public var readers: Int
        /// Most write requests committed in one transaction. Default 256.
        public var maxGroupCommit: Int
        /// Plain client appends write only their event rows; the session row is rewritten (a
        /// checkpoint) at least every this many events, and on every other change. Reads replay
        /// the events after the checkpoint. Default 32.
        public var checkpointInterval: Int
        /// Seals payloads (encryption at rest) when set. Default `nil`: stored in the clear.
        public var cipher: PayloadCipher?
        /// Where the group-commit batch sizes go. Default: the process-wide `MetricsSystem.factory`.
        public var metricsFactory: any MetricsFactory = MetricsSystem.factory

        public init(
            synchronous: Synchronous = .normal, busyTimeout: Duration = .seconds(30), readers: Int = 4, maxGroupCommit: Int = 256,
            checkpointInterval: Int = 32, cipher: PayloadCipher? = nil
        ) {
            self.cipher = cipher
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.readers = readers
            self.maxGroupCommit = maxGroupCommit
            self.checkpointInterval = checkpointInterval
        }
    }

    let pool: DatabasePool
    let commits: GroupCommitQueue
    /// Decoded sessions the writer has seen (see ``SessionRowCache``).
    let writerCache = SessionRowCache()
    public let path: String
    /// Plain appends rewrite the session row at least every this many events.
    let checkpointInterval: Int64
    /// Seals and opens payload columns; `nil` stores them in the clear.
    let cipher: PayloadCipher?

    /// Opens (creating if needed) the database at `path` and applies migrations.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        var config = GRDB.Configuration()
        config.busyMode = .timeout(Double(configuration.busyTimeout.milliseconds) / 1000)
        config.maximumReaderCount = max(1, configuration.readers)
        config.label = "sessiond"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        self.path = path
        self.checkpointInterval = Int64(max(1, configuration.checkpointInterval))
        self.cipher = configuration.cipher
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // DatabasePool sets synchronous=NORMAL on its writer when it opens: set ours afterwards.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(configuration.synchronous.rawValue)")
                try Migrations.apply(db, now: Int64(Date().timeIntervalSince1970 * 1000))
            }
        } catch {
            throw SessionStoreError(.unavailable, "cannot open the SQLite database", underlying: error)
        }
        let cache = writerCache
        let batchSizes = Recorder(
            label: MetricCatalog.groupCommitBatchSize.name, dimensions: [], aggregate: true, factory: configuration.metricsFactory)
        commits = GroupCommitQueue(
            writer: pool, maxBatch: configuration.maxGroupCommit, onFailure: { cache.clear() },
            onBatchStart: { [cipher] db in
                try cache.validate(db)
                try cipher?.revalidate()
            }, onBatch: { batchSizes.record($0) })
    }

    /// Write transactions committed and the requests they carried (group commit), since opening.
    public var groupCommitTotals: (transactions: Int, requests: Int) {
        let totals = commits.totals
        return (totals.batches, totals.requests)
    }

    /// The writer's `PRAGMA synchronous` value: 1 for NORMAL, 2 for FULL.
    public func synchronousLevel() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Runs `body`, then closes the store, also when `body` throws. Migrations were applied when
    /// the store was opened.
    public func withRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body()
        } catch {
            try? await close()
            throw error
        }
        try await close()
        return result
    }

    public func close() async throws {
        try pool.close()
    }

    /// Returns at once: SQLite has no cross-process notification, so subscribers find events
    /// written by other processes (the CLI on the same file) by polling.
    public func watchChanges(_ onChange: @escaping @Sendable () -> Void) async throws {}

    // MARK: Reads

    public func session(_ id: UUID) async throws -> Session? {
        try await read { db in try self.loadSession(db, id) }
    }

    public func session(application: String, externalID: String) async throws -> Session? {
        try await read { db in
            try self.sessions(
                db, sql: "SELECT \(SQLiteRows.sessionColumns) FROM sessions WHERE application = ? AND external_id = ?",
                arguments: [application, externalID]
            ).first
        }
    }

    public func sessions(_ query: SessionQuery) async throws -> SessionPage {
        try PageLimit.check(query.limit)
        let cursor = try query.cursorID()
        var clauses: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        func add(_ clause: String, _ values: [(any DatabaseValueConvertible)?]) {
            clauses.append(clause)
            arguments.append(contentsOf: values)
        }
        if let v = query.userID { add("user_id = ?", [v]) }
        if let v = query.application { add("application = ?", [v]) }
        if let v = query.projectKey { add("project_key = ?", [v]) }
        if !query.statuses.isEmpty {
            add("status IN (\(query.statuses.map { _ in "?" }.joined(separator: ",")))", query.statuses.map(\.rawValue))
        }
        for (key, value) in query.labels.sorted(by: { $0.key < $1.key }) {
            add("id IN (SELECT session_id FROM session_labels WHERE key = ? AND value = ?)", [key, value])
        }
        if let v = query.parentID { add("parent_id = ?", [v.lowercased]) }
        if let v = query.rootID { add("root_id = ?", [v.lowercased]) }
        if let v = query.createdFrom { add("created_at >= ?", [v.milliseconds]) }
        if let v = query.createdUntil { add("created_at < ?", [v.milliseconds]) }
        // A row's last_activity_at is as of its checkpoint: the events after it (plain appends,
        // each one activity at its time) count too.
        let tailActiveSince = "EXISTS (SELECT 1 FROM session_events e WHERE e.session_id = sessions.id AND e.seq > sessions.last_seq AND e.time >= ?)"
        if let v = query.activeFrom { add("(last_activity_at >= ? OR \(tailActiveSince))", [v.milliseconds, v.milliseconds]) }
        if let v = query.activeUntil { add("(last_activity_at < ? AND NOT \(tailActiveSince))", [v.milliseconds, v.milliseconds]) }
        if let cursor { add("id < ?", [cursor.lowercased]) }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT \(SQLiteRows.sessionColumns) FROM sessions \(whereClause) ORDER BY id DESC LIMIT ?"
        arguments.append(query.limit + 1)
        let args = StatementArguments(arguments)
        let sessions = try await read { db in try self.sessions(db, sql: sql, arguments: args) }
        return SessionPage(rows: sessions, limit: query.limit)
    }

    public func events(_ id: UUID, afterSeq: Int64, limit: Int, types: [String]) async throws -> [SessionEvent] {
        try PageLimit.check(limit)
        let typeClause = types.isEmpty ? "" : "AND type IN (\(types.map { _ in "?" }.joined(separator: ",")))"
        let sql = "SELECT \(SQLiteRows.eventColumns) FROM session_events WHERE session_id = ? AND seq > ? \(typeClause) ORDER BY seq LIMIT ?"
        var values: [(any DatabaseValueConvertible)?] = [id.lowercased, afterSeq]
        values.append(contentsOf: types)
        values.append(limit)
        let args = StatementArguments(values)
        return try await read { db in
            let statement = try db.cachedStatement(sql: sql)
            var events: [SessionEvent] = []
            events.reserveCapacity(limit)
            let rows = try Row.fetchCursor(statement, arguments: args)
            while let row = try rows.next() { events.append(try SQLiteRows.event(row, self.cipher)) }
            return events
        }
    }

    public func events(afterPosition: Int64, matching filter: EventFilter, limit: Int) async throws -> [SessionEvent] {
        try PageLimit.check(limit)
        let columns = SQLiteRows.eventColumns.split(separator: ",").map { "e." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var sql = "SELECT \(columns.joined(separator: ", ")) FROM session_events e"
        if filter.userID != nil || filter.application != nil { sql += " JOIN sessions s ON s.id = e.session_id" }
        sql += " WHERE e.position > ?"
        var values: [(any DatabaseValueConvertible)?] = [afterPosition]
        if let v = filter.sessionID {
            sql += " AND e.session_id = ?"
            values.append(v.lowercased)
        }
        if let v = filter.userID {
            sql += " AND s.user_id = ?"
            values.append(v)
        }
        if let v = filter.application {
            sql += " AND s.application = ?"
            values.append(v)
        }
        if !filter.types.isEmpty {
            sql += " AND e.type IN (\(filter.types.map { _ in "?" }.joined(separator: ",")))"
            values.append(contentsOf: filter.types)
        }
        sql += " ORDER BY e.position LIMIT ?"
        values.append(limit)
        let args = StatementArguments(values)
        let query = sql
        return try await read { db in
            var events: [SessionEvent] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: query), arguments: args)
            while let row = try rows.next() { events.append(try SQLiteRows.event(row, self.cipher)) }
            return events
        }
    }

    public func stats(userID: String?, durationSample: Int) async throws -> SessionStats {
        let userClause = userID == nil ? "" : "WHERE user_id = ?"
        let endedClause = userID == nil ? "WHERE ended_at IS NOT NULL" : "WHERE user_id = ? AND ended_at IS NOT NULL"
        let user: StatementArguments = userID.map { [$0] } ?? []
        return try await read { db in
            var stats = SessionStats()
            for row in try Row.fetchAll(db, sql: "SELECT status, application, COUNT(*) FROM sessions \(userClause) GROUP BY status, application", arguments: user) {
                guard let status = SessionStatus(rawValue: row[0]) else { continue }
                let count: Int64 = row[2]
                stats.byStatus[status, default: 0] += count
                if status.isLive { stats.liveByApplication[row[1] as String, default: 0] += count }
            }
            let outcomeWhere = userID == nil ? "WHERE outcome IS NOT NULL" : "WHERE user_id = ? AND outcome IS NOT NULL"
            for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*) FROM sessions \(outcomeWhere) GROUP BY outcome", arguments: user) {
                if let outcome = SessionOutcome(rawValue: row[0]) { stats.byOutcome[outcome] = row[1] }
            }
            stats.recentDurationsMs = try Int64.fetchAll(
                db, sql: "SELECT ended_at - created_at FROM sessions \(endedClause) ORDER BY ended_at DESC LIMIT ?",
                arguments: user + [durationSample])
            return stats
        }
    }

    public func event(_ id: UUID, seq: Int64) async throws -> SessionEvent? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(SQLiteRows.eventColumns) FROM session_events WHERE session_id = ? AND seq = ?"),
                arguments: [id.lowercased, seq]
            ).map { try SQLiteRows.event($0, self.cipher) }
        }
    }

    public func snapshot(_ id: UUID, atOrBefore seq: Int64) async throws -> SessionSnapshot? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT seq, state, created_at FROM session_snapshots WHERE session_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1"),
                    arguments: [id.lowercased, seq])
            else { return nil }
            return try SQLiteRows.snapshot(row, of: id, self.cipher)
        }
    }

    public func descendants(of id: UUID) async throws -> [Session] {
        try await read { db in
            try self.sessions(
                db,
                sql: """
                    WITH RECURSIVE tree(id) AS (
                        SELECT id FROM sessions WHERE parent_id = ?
                        UNION ALL
                        SELECT s.id FROM sessions s JOIN tree t ON s.parent_id = t.id
                    )
                    SELECT \(SQLiteRows.sessionColumns) FROM sessions WHERE id IN (SELECT id FROM tree) ORDER BY depth, id
                    """, arguments: [id.lowercased])
        }
    }

    public func children(of id: UUID, statuses: [SessionStatus]) async throws -> [Session] {
        let statusClause = statuses.isEmpty ? "" : "AND status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))"
        var values: [(any DatabaseValueConvertible)?] = [id.lowercased]
        values.append(contentsOf: statuses.map(\.rawValue))
        let args = StatementArguments(values)
        return try await read { db in
            try self.sessions(db, sql: "SELECT \(SQLiteRows.sessionColumns) FROM sessions WHERE parent_id = ? \(statusClause) ORDER BY id", arguments: args)
        }
    }

    public func dueSessions(at time: Timestamp, limit: Int) async throws -> [Session] {
        try await read { db in
            try self.sessions(
                db,
                sql: "SELECT \(SQLiteRows.sessionColumns) FROM sessions WHERE next_check_at IS NOT NULL AND next_check_at <= ? ORDER BY next_check_at LIMIT ?",
                arguments: [time.milliseconds, limit])
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            // Synchronous on the caller's thread: WAL readers never wait for the writer, and a
            // thread hop costs more than a typical page read.
            return try readNow(body)
        } catch let error as SessionError {
            throw error
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError(.unavailable, "SQLite read failed", underlying: error)
        }
    }

    private func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    func loadSession(_ db: Database, _ id: UUID) throws -> Session? {
        try loadSessionWithCheckpoint(db, id)?.session
    }

    /// The session row and the `last_seq` it was written at, with the events after it replayed.
    func loadSessionWithCheckpoint(_ db: Database, _ id: UUID) throws -> (session: Session, checkpointSeq: Int64)? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(SQLiteRows.sessionColumns) FROM sessions WHERE id = ?"), arguments: [id.lowercased])
        else { return nil }
        var session = try SQLiteRows.session(row, self.cipher)
        let checkpoint = session.lastSeq
        try replayTail(db, &session)
        return (session, checkpoint)
    }

    /// Brings a session decoded from its row up to date with the events written after it.
    func replayTail(_ db: Database, _ session: inout Session) throws {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT \(SQLiteRows.eventColumns) FROM session_events WHERE session_id = ? AND seq > ? ORDER BY seq"),
            arguments: [session.id.lowercased, session.lastSeq])
        var tail: [SessionEvent] = []
        while let row = try rows.next() { tail.append(try SQLiteRows.event(row, self.cipher)) }
        if !tail.isEmpty { SessionTail.replay(tail, onto: &session) }
    }

    /// Sessions decoded from rows, each brought up to date.
    func sessions(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Session] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            var session = try SQLiteRows.session(row, self.cipher)
            try replayTail(db, &session)
            return session
        }
    }
}

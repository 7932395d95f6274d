import Foundation
import GRDB
import SessionCore
import Synchronization

/// The writer's cache of decoded sessions.
///
/// Loading a session means parsing its row's JSON columns and replaying the events after its
/// checkpoint; appends to a busy session would pay that on every event. Each row write stores a
/// new random `version`; a cached session is used only while the database still holds that
/// version and that last `seq`, so writes by other processes (or rolled back ones) are never missed.
final class SessionRowCache: Sendable {
    struct Entry {
        var version: Int64
        /// The `last_seq` stored in the row: events after it are the tail.
        var checkpointSeq: Int64
        /// The session with its tail replayed.
        var session: Session
    }

    private let rows = Mutex<[UUID: Entry]>([:])
    /// Rows kept before the cache starts over.
    let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    static func newVersion() -> Int64 { Int64.random(in: Int64.min...Int64.max) }

    /// The current session `id`, from the cache if its row version and last event still match.
    func load(_ db: Database, _ id: UUID) throws -> Entry? {
        let key = id.lowercased
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT version, (SELECT MAX(seq) FROM session_events WHERE session_id = ?) FROM sessions WHERE id = ?"),
                arguments: [key, key])
        else { return nil }
        let version: Int64 = row[0]
        let lastSeq: Int64 = row[1] ?? 0
        if let cached = rows.withLock({ $0[id] }), cached.version == version, cached.session.lastSeq == lastSeq { return cached }
        guard let loaded = try SQLiteSessionStore.loadSessionWithCheckpoint(db, id) else { return nil }
        let entry = Entry(version: version, checkpointSeq: loaded.checkpointSeq, session: loaded.session)
        store(entry)
        return entry
    }

    func store(_ entry: Entry) {
        rows.withLock { rows in
            if rows.count >= capacity, rows[entry.session.id] == nil { rows.removeAll(keepingCapacity: true) }
            rows[entry.session.id] = entry
        }
    }
}

import Foundation
import GRDB
import SessionCore
import Synchronization

/// The writer's cache of decoded sessions.
///
/// Loading a session means parsing its row's JSON columns and replaying the events after its
/// checkpoint; appends to a busy session would pay that on every event. The cache is valid
/// while no other connection has written: SQLite's `PRAGMA data_version` changes exactly when
/// another connection (another process) commits, and the cache starts over then. A write of
/// ours that fails clears it too, so a rolled-back change is never served.
final class SessionRowCache: Sendable {
    struct Entry {
        /// The `last_seq` stored in the row: events after it are the tail.
        var checkpointSeq: Int64
        /// The session with its tail replayed.
        var session: Session
    }

    private struct State {
        var entries: [UUID: Entry] = [:]
        var dataVersion: Int64?
    }

    private let state = Mutex(State())
    /// Sessions kept before the cache starts over.
    let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    /// Drops the cache if another connection committed since the last call. Call it at the
    /// start of each write transaction, holding the write lock.
    func validate(_ db: Database) throws {
        let version = try StatementBinder(db.cachedStatement(sql: "PRAGMA data_version")).int64(db)
        state.withLock { state in
            if state.dataVersion != version {
                state.entries.removeAll(keepingCapacity: true)
                state.dataVersion = version
            }
        }
    }

    /// The current session `id`, from the cache if it has it (see ``validate(_:)``).
    func load(_ db: Database, _ id: UUID, from owner: SQLiteSessionStore) throws -> Entry? {
        if let cached = state.withLock({ $0.entries[id] }) { return cached }
        guard let loaded = try owner.loadSessionWithCheckpoint(db, id) else { return nil }
        let entry = Entry(checkpointSeq: loaded.checkpointSeq, session: loaded.session)
        store(entry)
        return entry
    }

    func store(_ entry: Entry) {
        state.withLock { state in
            if state.entries.count >= capacity, state.entries[entry.session.id] == nil { state.entries.removeAll(keepingCapacity: true) }
            state.entries[entry.session.id] = entry
        }
    }

    /// Forgets everything: after a failed or rolled-back write.
    func clear() {
        state.withLock { state in
            state.entries.removeAll(keepingCapacity: true)
            state.dataVersion = nil
        }
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import GRDB
public import SessionClient
public import SessionCore

/// Events waiting for the server: an SQLite file of appends that could not be delivered, the
/// ``SessionClient/EventBuffer`` that survives the process.
///
/// `SessionHandle` stores an event here when the server cannot be reached (after retries) and
/// replays the file in order once it answers again. Every event keeps the idempotency key it
/// was first sent with, so an append the server stored but never acknowledged is not doubled.
/// The file survives the process: a later `SessionHandle(client:sessionID:heartbeatInterval:buffer:)`
/// on the same session delivers what an earlier run left.
public final class OfflineBuffer: EventBuffer {

    private let queue: DatabaseQueue

    /// Opens (or creates) the buffer file at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS pending_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL,
                        event TEXT NOT NULL,
                        UNIQUE (session_id, idempotency_key)
                    );
                    CREATE INDEX IF NOT EXISTS pending_events_session ON pending_events (session_id, id);
                    """)
        }
    }

    public func add(_ event: NewEvent, to sessionID: UUID) async throws {
        guard let key = event.idempotencyKey else {
            throw SessionError(.invalidArgument, "a buffered event needs an idempotency key")
        }
        let text = JSONWriter.string(event.json)
        let session = sessionID.lowercased
        try await queue.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO pending_events (session_id, idempotency_key, event) VALUES (?, ?, ?)",
                arguments: [session, key, text])
        }
    }

    public func pending(_ sessionID: UUID, limit: Int = 1000) async throws -> [BufferedEvent] {
        let session = sessionID.lowercased
        let rows = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, event FROM pending_events WHERE session_id = ? ORDER BY id LIMIT ?", arguments: [session, limit])
                .map { (id: $0["id"] as Int64, text: $0["event"] as String) }
        }
        return try rows.map { row in
            BufferedEvent(id: row.id, sessionID: sessionID, event: try NewEvent(json: try JSONParser.parse(row.text)))
        }
    }

    public func remove(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await queue.write { db in
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = Array(ids[chunk..<min(ids.count, chunk + 500)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                try db.execute(sql: "DELETE FROM pending_events WHERE id IN (\(marks))", arguments: StatementArguments(part))
            }
        }
    }

    public func count(_ sessionID: UUID? = nil) async throws -> Int {
        let session = sessionID?.lowercased
        return try await queue.read { db in
            if let session {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pending_events WHERE session_id = ?", arguments: [session]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pending_events") ?? 0
        }
    }

    public func sessionIDs() async throws -> [UUID] {
        let texts = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT session_id FROM pending_events GROUP BY session_id ORDER BY MIN(id)")
        }
        return texts.compactMap { UUID(text: $0) }
    }
}

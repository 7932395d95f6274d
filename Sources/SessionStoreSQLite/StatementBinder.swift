import GRDB
import GRDBSQLite
import SessionCore
import SessionStore

/// Binds values to a prepared GRDB statement with SQLite's C API and runs it: the hot insert
/// of the append path, where GRDB's `StatementArguments` (an array of boxed existentials)
/// cost more than the insert itself.
struct StatementBinder {
    private let handle: SQLiteStatement
    private var index: Int32 = 0

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: String?) {
        index += 1
        guard var text = value else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { utf8 in
            if let base = utf8.baseAddress, utf8.count > 0 {
                _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(utf8.count), Self.transient)
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    mutating func bind(bytes: [UInt8]) {
        index += 1
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), Self.transient)
        }
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    /// Steps the statement to completion and resets it.
    func execute(_ db: Database) throws {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    /// Steps a one-row, one-column query and returns its integer, or `nil` for no row.
    func int64(_ db: Database) throws -> Int64? {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        switch code {
        case SQLITE_ROW: return sqlite3_column_int64(handle, 0)
        case SQLITE_DONE: return nil
        default:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}

extension StatementBinder {
    /// An event's columns after `position`, in the order of `session_events`: id, session_id,
    /// seq, type, time, data, state_delta, inverse_delta, source, idempotency_key,
    /// correlation_id, causation_id, trace_id, span_id, hash, redactions.
    /// `payload` is the payload columns as stored (sealed, with encryption on).
    mutating func bindEvent(_ e: SessionEvent, sessionID: String, payload: SQLiteEventPayload) {
        bind(e.id.lowercased)
        bind(sessionID)
        bind(e.seq)
        bind(e.type)
        bind(e.time.milliseconds)
        bind(payload.data)
        bind(payload.stateDelta)
        bind(payload.inverseDelta)
        bind(e.source)
        bind(e.idempotencyKey)
        bind(e.correlationID)
        bind(e.causationID)
        bind(e.traceID)
        bind(e.spanID)
        bind(e.hash)
        bind(EventRecord.redactionsText(e.redactions))
    }
}

import Foundation
import GRDB
import SessionCore
import SessionStore

/// A payload column (event data and deltas, session state, snapshots) as SQLite stores it: JSON
/// text, or with encryption on the sealed bytes as a BLOB (a third smaller than base64 text,
/// and nothing to encode). Reads take either, so a store that turned encryption on later reads
/// its older rows as they are.
enum SQLitePayloadColumn: DatabaseValueConvertible {
    case text(String?)
    case sealed([UInt8])

    /// `text` as stored: sealed by `cipher` for `field` of session `sessionID` under the key of `user`, else as it is.
    init(_ text: String?, _ cipher: PayloadCipher?, user: String?, sessionID: UUID, field: String) throws {
        guard let cipher, let text else {
            self = .text(text)
            return
        }
        self = .sealed(try cipher.sealBytes(text, user: user, sessionID: sessionID, field: field))
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .sealed(let bytes): Data(bytes).databaseValue
        }
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> SQLitePayloadColumn? {
        switch dbValue.storage {
        case .null: .text(nil)
        case .string(let text): .text(text)
        case .blob(let data): .sealed(Array(data))
        default: nil
        }
    }

    /// The column's JSON text, opened by `cipher` if sealed: `.some(nil)` for NULL, `nil` when
    /// its key is destroyed.
    ///
    /// - Throws: `corrupted` for a sealed value without a cipher, or one that does not open.
    func opened(_ cipher: PayloadCipher?, sessionID: UUID, field: String, what: @autoclosure () -> String) throws -> String?? {
        switch self {
        case .text(let text):
            if let text, SealedPayload.isSealed(text) {
                guard let cipher else { throw PayloadCipher.missing(what()) }
                return try cipher.open(text, sessionID: sessionID, field: field).map { .some($0) }
            }
            return .some(text)
        case .sealed(let bytes):
            guard let cipher else { throw PayloadCipher.missing(what()) }
            return try cipher.open(bytes: bytes, sessionID: sessionID, field: field).map { .some($0) }
        }
    }
}

/// An event's payload columns as SQLite stores them.
struct SQLiteEventPayload {
    var data: SQLitePayloadColumn
    var stateDelta: SQLitePayloadColumn
    var inverseDelta: SQLitePayloadColumn

    /// The columns of `event`, its data already written as `data` (the hash computation's text).
    init(_ event: SessionEvent, data: String, _ cipher: PayloadCipher?, user: String?) throws {
        let (id, seq) = (event.sessionID, event.seq)
        self.data = try SQLitePayloadColumn(data, cipher, user: user, sessionID: id, field: PayloadField.data(seq))
        stateDelta = try SQLitePayloadColumn(
            event.stateDelta.map(JSONWriter.string), cipher, user: user, sessionID: id, field: PayloadField.stateDelta(seq))
        inverseDelta = try SQLitePayloadColumn(
            event.inverseDelta.map(JSONWriter.string), cipher, user: user, sessionID: id, field: PayloadField.inverseDelta(seq))
    }
}

extension StatementBinder {
    mutating func bind(_ column: SQLitePayloadColumn) {
        switch column {
        case .text(let text): bind(text)
        case .sealed(let bytes): bind(bytes: bytes)
        }
    }
}

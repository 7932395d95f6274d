import Foundation
import GRDB
import SessionCore
import SessionStore

/// Column lists and row decoding shared by the SQLite store's queries.
enum SQLiteRows {
    static let sessionColumns = """
        id, parent_id, root_id, depth, external_id, user_id, application, project_key, status, end_reason, outcome,
        created_at, updated_at, last_activity_at, last_heartbeat_at, ended_at, next_check_at, last_seq, last_hash,
        context, effective_context, labels, metadata, policy, state, counters, tracking, metrics
        """

    static let eventColumns = """
        position, id, session_id, seq, type, time, data, state_delta, inverse_delta, source, idempotency_key,
        correlation_id, causation_id, trace_id, span_id, hash, redactions
        """

    static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(text: text) else { throw SessionStoreError(.corrupted, "stored id is not a UUID") }
        return id
    }

    /// The session row's columns, its state opened by `cipher` (`{}` when its key is destroyed).
    static func sessionRecord(_ row: Row, _ cipher: PayloadCipher?) throws -> SessionRecord {
        let id = try uuid(row[0])
        let state = try payload(row, 24, cipher, id, PayloadField.state, "session \(id.lowercased)")
        let record = SessionRecord(
            id: id, parentID: try (row[1] as String?).map(uuid), rootID: try uuid(row[2]), depth: row[3],
            externalID: row[4], userID: row[5], application: row[6], projectKey: row[7], status: row[8],
            endReason: row[9], outcome: row[10], createdAt: row[11], updatedAt: row[12], lastActivityAt: row[13],
            lastHeartbeatAt: row[14], endedAt: row[15], nextCheckAt: row[16], lastSeq: row[17], lastHash: row[18],
            context: row[19], effectiveContext: row[20], labels: row[21], metadata: row[22], policy: row[23],
            state: state.map { $0 ?? "{}" } ?? "{}", counters: row[25], tracking: row[26], metrics: row[27])
        return record
    }

    /// The session of `row`, its state opened by `cipher`.
    static func session(_ row: Row, _ cipher: PayloadCipher?) throws -> Session {
        try sessionRecord(row, cipher).session()
    }

    /// The event of `row`, its payload opened by `cipher`.
    static func event(_ row: Row, _ cipher: PayloadCipher?) throws -> SessionEvent {
        let sessionID = try uuid(row[2])
        let seq: Int64 = row[3]
        let what = "event \(seq) of session \(sessionID.lowercased)"
        var record = EventRecord(
            id: try uuid(row[1]), sessionID: sessionID, seq: seq, position: row[0], type: row[4], time: row[5],
            data: "null", stateDelta: nil, inverseDelta: nil, source: row[9], idempotencyKey: row[10],
            correlationID: row[11], causationID: row[12], traceID: row[13], spanID: row[14], hash: row[15],
            redactions: row[16])
        if let data = try payload(row, 6, cipher, sessionID, PayloadField.data(seq), what) {
            record.data = data ?? "null"
            record.stateDelta = try payload(row, 7, cipher, sessionID, PayloadField.stateDelta(seq), what) ?? nil
            record.inverseDelta = try payload(row, 8, cipher, sessionID, PayloadField.inverseDelta(seq), what) ?? nil
        } else {
            record.erased = true
        }
        return try record.event()
    }

    /// A `seq, state, created_at` row of session `id`'s snapshots, its state opened (`{}` when its key is destroyed).
    static func snapshot(_ row: Row, of id: UUID, _ cipher: PayloadCipher?) throws -> SessionSnapshot {
        let seq: Int64 = row[0]
        let state = try payload(row, 1, cipher, id, PayloadField.snapshot(seq), "snapshot \(seq) of session \(id.lowercased)")
        return try SessionSnapshot(sessionID: id, seq: seq, stateText: (state ?? "{}") ?? "{}", createdAt: row[2], opening: nil)
    }

    /// Column `index` of `row` as JSON text, opened if sealed: `.some(nil)` for NULL, `nil` when its key is destroyed.
    static func payload(_ row: Row, _ index: Int, _ cipher: PayloadCipher?, _ sessionID: UUID, _ field: String, _ what: String) throws -> String?? {
        guard let column = SQLitePayloadColumn.fromDatabaseValue(row[index]) else {
            throw SessionStoreError(.corrupted, "\(what) has a payload of the wrong type")
        }
        return try column.opened(cipher, sessionID: sessionID, field: field, what: what)
    }
}

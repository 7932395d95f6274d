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

    static func sessionRecord(_ row: Row) throws -> SessionRecord {
        let record = SessionRecord(
            id: try uuid(row[0]), parentID: try (row[1] as String?).map(uuid), rootID: try uuid(row[2]), depth: row[3],
            externalID: row[4], userID: row[5], application: row[6], projectKey: row[7], status: row[8],
            endReason: row[9], outcome: row[10], createdAt: row[11], updatedAt: row[12], lastActivityAt: row[13],
            lastHeartbeatAt: row[14], endedAt: row[15], nextCheckAt: row[16], lastSeq: row[17], lastHash: row[18],
            context: row[19], effectiveContext: row[20], labels: row[21], metadata: row[22], policy: row[23],
            state: row[24], counters: row[25], tracking: row[26], metrics: row[27])
        return record
    }

    /// The session of `row`, its state opened by `cipher`.
    static func session(_ row: Row, _ cipher: PayloadCipher?) throws -> Session {
        try sessionRecord(row).session(opening: cipher)
    }

    /// The event of `row`, its payload opened by `cipher`.
    static func event(_ row: Row, _ cipher: PayloadCipher?) throws -> SessionEvent {
        try EventRecord(
            id: try uuid(row[1]), sessionID: try uuid(row[2]), seq: row[3], position: row[0], type: row[4], time: row[5],
            data: row[6], stateDelta: row[7], inverseDelta: row[8], source: row[9], idempotencyKey: row[10],
            correlationID: row[11], causationID: row[12], traceID: row[13], spanID: row[14], hash: row[15],
            redactions: row[16]
        ).event(opening: cipher)
    }
}

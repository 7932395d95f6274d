#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO
import SessionCore
import SessionStore

/// Column lists and row decoding, over the flat records every backend shares; payloads are
/// opened by the store's cipher.
struct PostgresRows: Sendable {
    let cipher: PayloadCipher?

    /// The `sessions` columns in ``SessionRecord`` order.
    static let sessionColumns = "id, " + sessionDataColumns
    /// Every `sessions` column but `id`.
    static let sessionDataColumns = """
        parent_id, root_id, depth, external_id, user_id, application, project_key, status, end_reason, outcome, \
        created_at, updated_at, last_activity_at, last_heartbeat_at, ended_at, next_check_at, last_seq, last_hash, \
        context, effective_context, labels, metadata, policy, state, counters, tracking, metrics
        """
    /// The `session_events` columns in ``EventRecord`` order.
    static let eventColumns = """
        id, session_id, seq, position, type, time, data, state_delta, inverse_delta, source, idempotency_key, \
        correlation_id, causation_id, trace_id, span_id, hash, redactions
        """

    func session(_ row: PostgresRow) throws -> Session {
        let c = row.makeRandomAccess()
        let record: SessionRecord
        do {
            record = SessionRecord(
                id: try c[0].decode(UUID.self), parentID: try c[1].decode(UUID?.self), rootID: try c[2].decode(UUID.self),
                depth: try c[3].decode(Int64.self), externalID: try c[4].decode(String?.self),
                userID: try c[5].decode(String?.self), application: try c[6].decode(String.self),
                projectKey: try c[7].decode(String?.self), status: try c[8].decode(String.self),
                endReason: try c[9].decode(String?.self), outcome: try c[10].decode(String?.self),
                createdAt: try c[11].decode(Int64.self), updatedAt: try c[12].decode(Int64.self),
                lastActivityAt: try c[13].decode(Int64.self), lastHeartbeatAt: try c[14].decode(Int64?.self),
                endedAt: try c[15].decode(Int64?.self), nextCheckAt: try c[16].decode(Int64?.self),
                lastSeq: try c[17].decode(Int64.self), lastHash: try c[18].decode(String.self),
                context: try c[19].decode(String.self), effectiveContext: try c[20].decode(String.self),
                labels: try c[21].decode(String.self), metadata: try c[22].decode(String.self),
                policy: try c[23].decode(String.self), state: try c[24].decode(String.self),
                counters: try c[25].decode(String.self), tracking: try c[26].decode(String.self),
                metrics: try c[27].decode(String?.self))
        } catch {
            throw SessionStoreError(.corrupted, "a session row is unreadable", underlying: error)
        }
        return try record.session(opening: cipher)
    }

    func event(_ row: PostgresRow) throws -> SessionEvent {
        let c = row.makeRandomAccess()
        let record: EventRecord
        do {
            record = EventRecord(
                id: try c[0].decode(UUID.self), sessionID: try c[1].decode(UUID.self), seq: try c[2].decode(Int64.self),
                position: try c[3].decode(Int64.self), type: try c[4].decode(String.self), time: try c[5].decode(Int64.self),
                data: try c[6].decode(String.self), stateDelta: try c[7].decode(String?.self),
                inverseDelta: try c[8].decode(String?.self), source: try c[9].decode(String?.self),
                idempotencyKey: try c[10].decode(String?.self), correlationID: try c[11].decode(String?.self),
                causationID: try c[12].decode(String?.self), traceID: try c[13].decode(String?.self),
                spanID: try c[14].decode(String?.self), hash: try c[15].decode(String.self),
                redactions: try c[16].decode(String?.self))
        } catch {
            throw SessionStoreError(.corrupted, "an event row is unreadable", underlying: error)
        }
        return try record.event(opening: cipher)
    }

    func snapshot(_ row: PostgresRow) throws -> SessionSnapshot {
        let (sessionID, seq, text, createdAt): (UUID, Int64, String, Int64)
        do {
            (sessionID, seq, text, createdAt) = try row.decode((UUID, Int64, String, Int64).self)
        } catch {
            throw SessionStoreError(.corrupted, "a snapshot row is unreadable", underlying: error)
        }
        return try SessionSnapshot(sessionID: sessionID, seq: seq, stateText: text, createdAt: createdAt, opening: cipher)
    }
}

extension PostgresQuery.StringInterpolation {
    /// Appends `$n, $n+1, …` bound to the record's values in ``PostgresRows/sessionDataColumns`` order.
    mutating func appendSessionData(_ r: SessionRecord) {
        appendInterpolation(r.parentID)
        appendLiteral(", ")
        appendInterpolation(r.rootID)
        appendLiteral(", ")
        appendInterpolation(Int32(clamping: r.depth))
        appendLiteral(", ")
        appendInterpolation(r.externalID)
        appendLiteral(", ")
        appendInterpolation(r.userID)
        appendLiteral(", ")
        appendInterpolation(r.application)
        appendLiteral(", ")
        appendInterpolation(r.projectKey)
        appendLiteral(", ")
        appendInterpolation(r.status)
        appendLiteral(", ")
        appendInterpolation(r.endReason)
        appendLiteral(", ")
        appendInterpolation(r.outcome)
        appendLiteral(", ")
        appendInterpolation(r.createdAt)
        appendLiteral(", ")
        appendInterpolation(r.updatedAt)
        appendLiteral(", ")
        appendInterpolation(r.lastActivityAt)
        appendLiteral(", ")
        appendInterpolation(r.lastHeartbeatAt)
        appendLiteral(", ")
        appendInterpolation(r.endedAt)
        appendLiteral(", ")
        appendInterpolation(r.nextCheckAt)
        appendLiteral(", ")
        appendInterpolation(r.lastSeq)
        appendLiteral(", ")
        appendInterpolation(r.lastHash)
        appendLiteral(", ")
        appendInterpolation(r.context)
        appendLiteral(", ")
        appendInterpolation(r.effectiveContext)
        appendLiteral(", ")
        appendInterpolation(r.labels)
        appendLiteral(", ")
        appendInterpolation(r.metadata)
        appendLiteral(", ")
        appendInterpolation(r.policy)
        appendLiteral(", ")
        appendInterpolation(r.state)
        appendLiteral(", ")
        appendInterpolation(r.counters)
        appendLiteral(", ")
        appendInterpolation(r.tracking)
        appendLiteral(", ")
        appendInterpolation(r.metrics)
    }

    /// Appends `, ` between items after the first.
    mutating func appendSeparator(_ index: Int, _ separator: String = ", ") {
        if index > 0 { appendLiteral(separator) }
    }
}

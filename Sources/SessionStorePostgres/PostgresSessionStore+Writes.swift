#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import Logging
import PostgresNIO
public import SessionCore
import SessionStore

extension PostgresSessionStore {
    public func create(
        parentID: UUID?, _ plan: @escaping @Sendable (_ parent: Session?) throws -> SessionChange
    ) async throws -> SessionChange {
        try await transaction("cannot create the session") { connection in
            try self.configuration.cipher?.revalidate()
            var parent: Session?
            if let parentID {
                parent = try await self.lockSession(connection, parentID, logger: self.logger)
                guard parent != nil else {
                    throw SessionError(.sessionNotFound, "parent session \(parentID.lowercased) does not exist")
                }
            }
            var change: SessionChange
            do { change = try plan(parent) } catch { throw PlanFailure(error: error) }
            try await self.insertSession(connection, change.session)
            try await self.writeRest(connection, &change)
            return change
        }
    }

    public func update(
        _ id: UUID, idempotencyKeys: [String],
        _ plan: @escaping @Sendable (_ session: Session, _ existing: [String: SessionEvent]) throws -> SessionChange
    ) async throws -> SessionChange {
        try await transaction("cannot update the session") { connection in
            try self.configuration.cipher?.revalidate()
            guard let session = try await self.lockSession(connection, id, logger: self.logger) else {
                throw SessionError(.sessionNotFound, "session \(id.lowercased) does not exist")
            }
            var existing: [String: SessionEvent] = [:]
            if !idempotencyKeys.isEmpty {
                let rows = try await connection.query(
                    """
                    SELECT \(unescaped: PostgresRows.eventColumns) FROM session_events
                    WHERE session_id = \(id) AND idempotency_key = ANY(\(idempotencyKeys))
                    """, logger: self.logger
                ).collect()
                for row in rows {
                    let event = try self.rows.event(row)
                    if let key = event.idempotencyKey { existing[key] = event }
                }
            }
            var change: SessionChange
            do { change = try plan(session, existing) } catch { throw PlanFailure(error: error) }
            guard !change.isEmpty || change.checkpoint else { return change }
            let record = try SessionRecord(change.session).sealed(self.configuration.cipher)
            try await connection.query(
                """
                UPDATE sessions SET (\(unescaped: PostgresRows.sessionDataColumns)) = ROW(\(session: record))
                WHERE id = \(record.id)
                """, logger: self.logger)
            try await self.writeRest(connection, &change)
            return change
        }
    }

    /// Loads and locks one session row for the rest of the transaction.
    func lockSession(_ connection: PostgresConnection, _ id: UUID, logger: Logger) async throws -> Session? {
        let rows = try await connection.query(
            "SELECT \(unescaped: PostgresRows.sessionColumns) FROM sessions WHERE id = \(id) FOR UPDATE", logger: logger
        ).collect()
        return try rows.first.map(self.rows.session)
    }

    /// Inserts a new session row and its labels.
    func insertSession(_ connection: PostgresConnection, _ session: Session) async throws {
        let record = try SessionRecord(session).sealed(configuration.cipher)
        do {
            try await connection.query(
                """
                INSERT INTO sessions (\(unescaped: PostgresRows.sessionColumns))
                VALUES (\(record.id), \(session: record))
                """, logger: logger)
        } catch let error as PSQLError
            where error.sqlState == "23505"
            && error.serverInfo?[.constraintName] == "sessions_application_external_id_key"
        {
            throw SessionError(
                .duplicateExternalID, "application \(session.application) already has a session with this external id")
        }
        if !session.labels.isEmpty {
            let labels = session.labels.sorted { $0.key < $1.key }
            try await connection.query(
                """
                INSERT INTO session_labels (session_id, key, value)
                SELECT \(record.id), l.key, l.value
                FROM unnest(\(labels.map(\.key))::text[], \(labels.map(\.value))::text[]) AS l(key, value)
                """, logger: logger)
        }
    }

    /// Writes snapshots, the parent row and, last before `COMMIT`, the events with their positions.
    func writeRest(_ connection: PostgresConnection, _ change: inout SessionChange) async throws {
        if !change.snapshots.isEmpty {
            var sql = PostgresQuery.StringInterpolation(literalCapacity: 256, interpolationCount: 4 * change.snapshots.count)
            sql.appendLiteral("INSERT INTO session_snapshots (session_id, seq, state, created_at) VALUES ")
            for (index, snapshot) in change.snapshots.enumerated() {
                sql.appendSeparator(index)
                sql.appendLiteral("(")
                sql.appendInterpolation(snapshot.sessionID)
                sql.appendLiteral(", ")
                sql.appendInterpolation(snapshot.seq)
                sql.appendLiteral(", ")
                sql.appendInterpolation(try snapshot.stateText(configuration.cipher, user: change.session.userID))
                sql.appendLiteral(", ")
                sql.appendInterpolation(snapshot.createdAt.milliseconds)
                sql.appendLiteral(")")
            }
            // A snapshot at a given seq is the same state whoever writes it: the later write wins.
            sql.appendLiteral(
                " ON CONFLICT (session_id, seq) DO UPDATE SET state = excluded.state, created_at = excluded.created_at")
            try await connection.query(PostgresQuery(stringInterpolation: sql), logger: logger)
        }
        if let parent = change.parent {
            let record = try SessionRecord(parent).sealed(configuration.cipher)
            try await connection.query(
                """
                UPDATE sessions SET (\(unescaped: PostgresRows.sessionDataColumns)) = ROW(\(session: record))
                WHERE id = \(record.id)
                """, logger: logger)
        }
        if !change.events.isEmpty {
            let positions = try await insertEvents(connection, change.events, user: change.session.userID)
            for index in change.events.indices { change.events[index].position = positions[index] }
        }
    }

    /// Advances `event_positions`, inserts the events and queues a notification for the other
    /// instances, in one statement; returns their positions in `events` order. Must be the last statement of the transaction: see "Event positions" on
    /// ``PostgresSessionStore``.
    func insertEvents(_ connection: PostgresConnection, _ events: [SessionEvent], user: String?) async throws -> [Int64] {
        let count = Int64(events.count)
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 1024 + 200 * events.count, interpolationCount: 2 + 17 * events.count)
        sql.appendLiteral("WITH p AS (UPDATE event_positions SET last = last + ")
        sql.appendInterpolation(count)
        sql.appendLiteral(
            """
             WHERE id = 1 RETURNING last)
            INSERT INTO session_events (position, id, session_id, seq, type, time, data, state_delta, inverse_delta,
                source, idempotency_key, correlation_id, causation_id, trace_id, span_id, hash, redactions)
            SELECT p.last -
            """)
        sql.appendInterpolation(count)
        sql.appendLiteral(
            """
             + v.ord, v.id, v.session_id, v.seq, v.type, v.time, v.data, v.state_delta, v.inverse_delta,
                v.source, v.idempotency_key, v.correlation_id, v.causation_id, v.trace_id, v.span_id, v.hash, v.redactions
            FROM p CROSS JOIN (SELECT pg_notify(
            """)
        // Delivered to every listening instance when the transaction commits (see `watchChanges`).
        sql.appendInterpolation(notificationChannel)
        sql.appendLiteral(
            """
            ::text, '')) AS n CROSS JOIN (VALUES
            """)
        for (index, event) in events.enumerated() {
            let r = try EventRecord(event).sealed(configuration.cipher, user: user)
            sql.appendSeparator(index)
            sql.appendLiteral("(")
            sql.appendInterpolation(Int64(index + 1))
            sql.appendLiteral("::bigint, ")
            sql.appendInterpolation(r.id)
            sql.appendLiteral("::uuid, ")
            sql.appendInterpolation(r.sessionID)
            sql.appendLiteral("::uuid, ")
            sql.appendInterpolation(r.seq)
            sql.appendLiteral("::bigint, ")
            sql.appendInterpolation(r.type)
            sql.appendLiteral("::text, ")
            sql.appendInterpolation(r.time)
            sql.appendLiteral("::bigint, ")
            let texts = [
                r.data, r.stateDelta, r.inverseDelta, r.source, r.idempotencyKey, r.correlationID, r.causationID, r.traceID,
                r.spanID,
            ]
            for value in texts {
                sql.appendInterpolation(value)
                sql.appendLiteral("::text, ")
            }
            sql.appendInterpolation(r.hash)
            sql.appendLiteral("::text, ")
            sql.appendInterpolation(r.redactions)
            sql.appendLiteral("::text)")
        }
        sql.appendLiteral(
            """
            ) AS v(ord, id, session_id, seq, type, time, data, state_delta, inverse_delta, source, idempotency_key,
                correlation_id, causation_id, trace_id, span_id, hash, redactions)
            RETURNING seq, position
            """)
        var bySeq: [Int64: Int64] = [:]
        for try await (seq, position) in try await connection.query(PostgresQuery(stringInterpolation: sql), logger: logger)
            .decode((Int64, Int64).self)
        {
            bySeq[seq] = position
        }
        return try events.map { event in
            guard let position = bySeq[event.seq] else {
                throw SessionStoreError(.corrupted, "an inserted event has no position")
            }
            return position
        }
    }
}

extension PostgresQuery.StringInterpolation {
    /// `\(session: record)`: the record's values but `id`, as bound parameters.
    mutating func appendInterpolation(session record: SessionRecord) {
        appendSessionData(record)
    }
}

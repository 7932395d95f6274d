public import Foundation
import GRDB
public import SessionCore
import SessionStore

extension SQLiteSessionStore {
    public func create(parentID: UUID?, _ plan: @escaping @Sendable (Session?) throws -> SessionChange) async throws -> SessionChange {
        try await write { db in
            var parent: Session?
            if let parentID {
                guard let loaded = try self.writerCache.load(db, parentID, from: self)?.session else {
                    throw SessionError(.sessionNotFound, "parent session \(parentID.lowercased) does not exist")
                }
                parent = loaded
            }
            var change = try plan(parent)
            let session = change.session
            if let externalID = session.externalID,
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM sessions WHERE application = ? AND external_id = ?"),
                    arguments: [session.application, externalID]) == true
            {
                throw SessionError(.duplicateExternalID, "application \(session.application) already has a session with this external id")
            }
            try self.insertSession(db, session)
            try self.write(db, &change)
            return change
        }
    }

    public func update(
        _ id: UUID, idempotencyKeys: [String],
        _ plan: @escaping @Sendable (Session, [String: SessionEvent]) throws -> SessionChange
    ) async throws -> SessionChange {
        try await write { db in
            guard let loaded = try self.writerCache.load(db, id, from: self) else {
                throw SessionError(.sessionNotFound, "session \(id.lowercased) does not exist")
            }
            let session = loaded.session
            var existing: [String: SessionEvent] = [:]
            if !idempotencyKeys.isEmpty {
                let statement = try db.cachedStatement(
                    sql: "SELECT \(SQLiteRows.eventColumns) FROM session_events WHERE session_id = ? AND idempotency_key = ?")
                for key in idempotencyKeys {
                    if let row = try Row.fetchOne(statement, arguments: [id.lowercased, key]) {
                        existing[key] = try SQLiteRows.event(row, self.cipher)
                    }
                }
            }
            var change = try plan(session, existing)
            guard !change.isEmpty || change.checkpoint else { return change }
            if SessionTail.isLight(change, loaded: session, checkpointSeq: loaded.checkpointSeq, checkpointInterval: self.checkpointInterval) {
                // Plain client events: the rows alone; the session row catches up at the next checkpoint.
                try self.write(db, &change)
                self.writerCache.store(.init(checkpointSeq: loaded.checkpointSeq, session: change.session))
            } else {
                try self.updateSession(db, change.session)
                try self.write(db, &change)
            }
            return change
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let cache = writerCache
        do {
            return try await commits.submit { db in
                do {
                    return try body(db)
                } catch let error as SessionError {
                    throw error  // thrown by the rules before anything was written
                } catch {
                    cache.clear()  // the batch rolls back: cached rows may be ahead of the file
                    throw error
                }
            }
        } catch let error as SessionError {
            throw error
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError(.unavailable, "SQLite write failed", underlying: error)
        }
    }

    /// Writes the events, snapshots and parent row of `change`, filling in event positions.
    func write(_ db: Database, _ change: inout SessionChange) throws {
        if !change.events.isEmpty {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO session_events (id, session_id, seq, type, time, data, state_delta, inverse_delta, source,
                        idempotency_key, correlation_id, causation_id, trace_id, span_id, hash, redactions)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let sessionID = change.session.id.lowercased
            let user = change.session.userID
            for index in change.events.indices {
                let e = change.events[index]
                // Bound directly: GRDB's argument boxing cost more than SQLite's insert itself.
                var binder = StatementBinder(statement)
                let payload = try SQLiteEventPayload(e, data: change.dataText(index), cipher, user: user)
                binder.bindEvent(e, sessionID: sessionID, payload: payload)
                try binder.execute(db)
                change.events[index].position = db.lastInsertedRowID
            }
        }
        if !change.snapshots.isEmpty {
            let statement = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO session_snapshots (session_id, seq, state, created_at) VALUES (?, ?, ?, ?)")
            for s in change.snapshots {
                try statement.execute(arguments: [s.sessionID.lowercased, s.seq, try SQLitePayloadColumn(JSONWriter.string(s.state), cipher, user: change.session.userID, sessionID: s.sessionID, field: PayloadField.snapshot(s.seq)), s.createdAt.milliseconds])
            }
        }
        if let parent = change.parent { try updateSession(db, parent) }
    }

    func insertSession(_ db: Database, _ session: Session) throws {
        let r = SessionRecord(session)
        let state = try SQLitePayloadColumn(r.state, cipher, user: r.userID, sessionID: r.id, field: PayloadField.state)
        try db.cachedStatement(
            sql: """
                INSERT INTO sessions (\(SQLiteRows.sessionColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            r.id.lowercased, r.parentID?.lowercased, r.rootID.lowercased, r.depth, r.externalID, r.userID, r.application,
            r.projectKey, r.status, r.endReason, r.outcome, r.createdAt, r.updatedAt, r.lastActivityAt, r.lastHeartbeatAt,
            r.endedAt, r.nextCheckAt, r.lastSeq, r.lastHash, r.context, r.effectiveContext, r.labels, r.metadata, r.policy,
            state, r.counters, r.tracking, r.metrics,
        ])
        writerCache.store(.init(checkpointSeq: session.lastSeq, session: session))
        if !session.labels.isEmpty {
            let statement = try db.cachedStatement(sql: "INSERT INTO session_labels (session_id, key, value) VALUES (?, ?, ?)")
            for (key, value) in session.labels {
                try statement.execute(arguments: [r.id.lowercased, key, value])
            }
        }
    }

    /// Writes a checkpoint of the session row: the columns an engine operation can change
    /// (context, labels, metadata and policy are fixed at creation).
    func updateSession(_ db: Database, _ s: Session) throws {
        let state = try SQLitePayloadColumn(JSONWriter.string(s.state), cipher, user: s.userID, sessionID: s.id, field: PayloadField.state)
        try db.cachedStatement(
            sql: """
                UPDATE sessions SET status = ?, end_reason = ?, outcome = ?, updated_at = ?, last_activity_at = ?,
                    last_heartbeat_at = ?, ended_at = ?, next_check_at = ?, last_seq = ?, last_hash = ?,
                    counters = ?, tracking = ?, metrics = ?, state = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            s.status.rawValue, s.endReason, s.outcome?.rawValue, s.updatedAt.milliseconds, s.lastActivityAt.milliseconds,
            s.lastHeartbeatAt?.milliseconds, s.endedAt?.milliseconds, SweepDecision.nextCheck(s)?.milliseconds, s.lastSeq,
            s.lastHash, JSONWriter.string(s.counters.json), JSONWriter.string(s.tracking.json),
            s.finalMetrics.map { JSONWriter.string($0.json) }, state, s.id.lowercased,
        ])
        writerCache.store(.init(checkpointSeq: s.lastSeq, session: s))
    }
}

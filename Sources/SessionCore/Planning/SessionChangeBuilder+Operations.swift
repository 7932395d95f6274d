#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension SessionChangeBuilder {
    /// Creates a session (and counts it on its parent), started unless the spec says otherwise.
    ///
    /// - Parameters:
    ///   - id: the new session's UUIDv7.
    ///   - parent: the parent's current row, locked by the caller's transaction.
    ///   - maxDepth: the deepest level allowed below a root.
    ///   - redactions: what redaction took out of the spec, recorded on `session.created`.
    public static func create(
        id: UUID, spec: SessionSpec, parent: Session?, now: Timestamp, maxDepth: Int = 16,
        snapshotInterval: Int64 = 256, ids: IDSource = .system, redactions: [Redaction] = []
    ) throws(SessionError) -> SessionChange {
        try spec.validate()
        let policy = try spec.policy.validated()
        var session: Session
        if let parent {
            guard parent.status.isLive else {
                throw SessionError(.parentEnded, "parent session is \(parent.status.rawValue) and takes no children")
            }
            guard parent.depth + 1 <= maxDepth else {
                throw SessionError(.depthExceeded, "a child would be at depth \(parent.depth + 1); the limit is \(maxDepth)")
            }
            session = Session(
                id: id, parentID: parent.id, rootID: parent.rootID, depth: parent.depth + 1, externalID: spec.externalID,
                userID: spec.userID ?? parent.userID, application: spec.application ?? parent.application,
                projectKey: spec.projectKey ?? parent.projectKey, createdAt: now, context: spec.context,
                effectiveContext: parent.effectiveContext.merging(spec.context), labels: spec.labels, metadata: spec.metadata,
                policy: policy)
        } else {
            session = Session(
                id: id, externalID: spec.externalID, userID: spec.userID, application: spec.application ?? "unknown",
                projectKey: spec.projectKey, createdAt: now, context: spec.context, labels: spec.labels,
                metadata: spec.metadata, policy: policy)
        }
        var builder = SessionChangeBuilder(session: session, now: now, snapshotInterval: snapshotInterval, ids: ids)
        var data: [String: JSONValue] = ["application": .string(session.application), "policy": policy.json]
        data["user_id"] = session.userID.map(JSONValue.string)
        data["parent_id"] = session.parentID.map { .string($0.lowercased) }
        data["external_id"] = session.externalID.map(JSONValue.string)
        data["project_key"] = session.projectKey.map(JSONValue.string)
        if !session.labels.isEmpty { data["labels"] = .object(session.labels.mapValues(JSONValue.string)) }
        builder.record(NewEvent(type: EngineEventType.created, data: .object(data), stateDelta: spec.state, redactions: redactions))
        builder.note(.created)
        if spec.start { try builder.transition(.start) }
        if var parent {
            parent.counters.children += 1
            parent.updatedAt = max(parent.updatedAt, now)
            builder.parent = parent
        }
        var change = builder.build()
        change.sessionChanged = true
        return change
    }

    /// Appends client events atomically.
    ///
    /// Events whose idempotency key is already stored (`existing`) are returned, not written again.
    /// `expectedSeq` must equal the session's last sequence number when anything new is written.
    public mutating func append(_ batch: [NewEvent], expectedSeq: Int64?, existing: [String: SessionEvent]) throws(SessionError) {
        var fresh: [NewEvent] = []
        var keys = Set<String>()
        for event in batch {
            if let key = event.idempotencyKey {
                guard keys.insert(key).inserted else {
                    throw SessionError(.invalidArgument, "idempotency key used twice in one append")
                }
                if let stored = existing[key] {
                    guard stored.type == event.type else {
                        throw SessionError(.idempotencyKeyReused, "idempotency key was already used for an event of another type")
                    }
                    replayed.append(stored)
                    continue
                }
            }
            fresh.append(event)
        }
        if fresh.isEmpty { return }
        guard session.status.isLive else {
            throw SessionError(.sessionEnded, "session is \(session.status.rawValue); it takes no more events")
        }
        if let expectedSeq, expectedSeq != session.lastSeq {
            throw SessionError(.sequenceConflict, "expected_seq is \(expectedSeq) but the session is at \(session.lastSeq)")
        }
        try markActivity()
        for event in fresh { record(event) }
    }

    /// Notes a heartbeat: the client is alive. Not activity: idle sessions stay idle.
    public mutating func heartbeat() throws(SessionError) {
        guard session.status.isLive else {
            throw SessionError(.sessionEnded, "session is \(session.status.rawValue)")
        }
        session.lastHeartbeatAt = max(session.lastHeartbeatAt ?? now, now)
        session.tracking.warningsSent = 0
        session.updatedAt = max(session.updatedAt, now)
    }

    /// One sweeper step for this session: end it, idle it and/or warn, as ``SweepDecision`` says.
    @discardableResult
    public mutating func sweep() throws(SessionError) -> SweepDecision {
        checkpoint = true  // the row's next check time must move past now
        let decision = SweepDecision.decide(session, now: now)
        if let end = decision.end {
            try transition(end.trigger, reason: end.reason)
            return decision
        }
        if decision.goIdle { try transition(.idleTimeout) }
        if let warning = decision.warning {
            record(
                NewEvent(
                    type: EngineEventType.timeoutWarning,
                    data: [
                        "fraction": .double(warning.fraction), "expires_at": .int(warning.expiresAt.milliseconds),
                        "remaining_ms": .int(warning.expiresAt.milliseconds(since: now)),
                    ]))
            session.tracking.warningsSent = warning.pointIndex + 1
            note(.warned(warning))
        }
        return decision
    }

    /// Reverts the newest command: appends `session.undo` whose delta is `command`'s inverse.
    ///
    /// - Parameter command: the stored event at the top of the undo stack.
    public mutating func undo(_ command: SessionEvent) throws(SessionError) {
        guard session.status.isLive else { throw SessionError(.sessionEnded, "session is \(session.status.rawValue)") }
        guard session.tracking.undoStack.last == command.seq, let inverse = command.inverseDelta else {
            throw SessionError(.nothingToUndo, "no command to undo")
        }
        try markActivity()
        session.tracking.undoStack.removeLast()
        record(NewEvent(type: EngineEventType.undo, data: ["undone_seq": .int(command.seq)], stateDelta: inverse))
        session.tracking.redoStack.append(command.seq)
    }

    /// Re-applies the newest undone command: appends `session.redo` with its delta.
    public mutating func redo(_ command: SessionEvent) throws(SessionError) {
        guard session.status.isLive else { throw SessionError(.sessionEnded, "session is \(session.status.rawValue)") }
        guard session.tracking.redoStack.last == command.seq, let delta = command.stateDelta else {
            throw SessionError(.nothingToRedo, "no undone command to redo")
        }
        try markActivity()
        session.tracking.redoStack.removeLast()
        record(NewEvent(type: EngineEventType.redo, data: ["redone_seq": .int(command.seq)], stateDelta: delta))
        session.tracking.undoStack.append(command.seq)
    }

    /// Recovery: a live session within its limits becomes active again and records
    /// `session.recovered`; a stale one is failed with reason `timeout`.
    ///
    /// - Returns: `false` if the session was stale (and is now failed).
    public mutating func recover() throws(SessionError) -> Bool {
        guard session.status.isLive else {
            throw SessionError(.invalidTransition, "session is \(session.status.rawValue) and cannot be recovered")
        }
        if SweepDecision.decide(session, now: now).end != nil {
            try transition(.stale, reason: "timeout")
            return false
        }
        if session.status == .suspended { try transition(.resume) }
        try markActivity()
        session.lastHeartbeatAt = max(session.lastHeartbeatAt ?? now, now)
        record(NewEvent(type: EngineEventType.recovered, data: ["last_seq": .int(session.lastSeq)]))
        note(.recovered)
        return true
    }

    /// Snapshots the state at the last event and rewrites the session row: what a server does
    /// for its live sessions when it shuts down, so the next start reads each state in one row.
    public mutating func checkpointSnapshot() {
        snapshot()
        checkpoint = true
    }
}

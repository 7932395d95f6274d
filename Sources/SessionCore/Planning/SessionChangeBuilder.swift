/// Builds a ``SessionChange``: numbers, chains and folds events, moves the lifecycle, snapshots.
///
/// Every engine operation is a method on the builder (see `SessionChangeBuilder+Operations.swift`),
/// run by the store inside the transaction that holds the session's row.
public struct SessionChangeBuilder: Sendable {
    public internal(set) var session: Session
    public private(set) var events: [SessionEvent] = []
    public private(set) var snapshots: [SessionSnapshot] = []
    /// Each new event's `data` as compact JSON, in event order.
    private var encodedData: [String] = []
    public var replayed: [SessionEvent] = []
    public var parent: Session?
    /// What happened so far (see ``SessionChange/facts``).
    public private(set) var facts: [SessionFact] = []
    public let now: Timestamp
    /// Snapshot every this many events. Default 256.
    public let snapshotInterval: Int64
    private var ids: IDSource
    private let original: Session
    private var stateChanged = false
    /// Set by operations that must rewrite the session row (see ``SessionChange/checkpoint``).
    public var checkpoint = false

    public init(session: Session, now: Timestamp, snapshotInterval: Int64 = 256, ids: IDSource = .system) {
        self.session = session
        self.original = session
        self.now = now
        self.snapshotInterval = max(1, snapshotInterval)
        self.ids = ids
    }

    public func build() -> SessionChange {
        var change = SessionChange(session: session, events: events, snapshots: snapshots, replayed: replayed, parent: parent)
        // Any event changes the row (last_seq); compare whole rows only when there is none.
        change.sessionChanged = !events.isEmpty || session != original
        change.stateChanged = stateChanged
        change.checkpoint = checkpoint
        change.encodedData = encodedData
        change.facts = facts
        return change
    }

    mutating func nextID() -> UUIDv7Value { ids.next(at: now) }

    /// Notes a fact the operation established (see ``SessionChange/facts``).
    mutating func note(_ fact: SessionFact) { facts.append(fact) }

    /// Records one event: numbers it, keeps the inverse of its state delta, chains it, folds it
    /// into the session (``Session/fold(_:)``) and snapshots every ``snapshotInterval`` events.
    ///
    /// - Parameter time: when it happened, if not now (an import's time from the file).
    @discardableResult
    public mutating func record(_ new: NewEvent, at time: Timestamp? = nil) -> SessionEvent {
        var event = SessionEvent(
            id: nextID(), sessionID: session.id, seq: session.lastSeq + 1, type: new.type, time: time ?? now, data: new.data,
            stateDelta: new.stateDelta, source: new.source, idempotencyKey: new.idempotencyKey,
            correlationID: new.correlationID, causationID: new.causationID, traceID: new.traceID, spanID: new.spanID,
            redactions: new.redactions)
        if let delta = new.stateDelta {
            event.inverseDelta = JSONMergePatch.inverse(of: delta, on: session.state)
            stateChanged = true
        }
        let (hash, dataText) = EventHash.computeWithData(event, previous: session.lastHash)
        event.hash = hash
        encodedData.append(dataText)
        session.fold(event)
        events.append(event)
        if session.lastSeq - session.tracking.lastSnapshotSeq >= snapshotInterval { snapshot() }
        return event
    }

    /// Snapshots the current state at the last sequence number, unless one is there already.
    public mutating func snapshot() {
        guard session.lastSeq > 0, session.tracking.lastSnapshotSeq != session.lastSeq else { return }
        snapshots.append(SessionSnapshot(sessionID: session.id, seq: session.lastSeq, state: session.state, createdAt: now))
        session.tracking.lastSnapshotSeq = session.lastSeq
    }

    /// Moves the lifecycle by `trigger`, recording `session.state_changed`; ending runs the end flow.
    ///
    /// - Returns: whether the status changed (`false` for activity on an active session).
    @discardableResult
    ///
    /// - Parameters:
    ///   - redactions: what redaction took out of `reason`, recorded on the event.
    public mutating func transition(
        _ trigger: SessionLifecycle.Trigger, reason: String? = nil, redactions: [Redaction] = []
    ) throws(SessionError) -> Bool {
        guard let target = try SessionLifecycle.target(from: session.status, on: trigger) else { return false }
        let from = session.status
        let ending = from.isLive && target.hasEnded
        let reason = reason ?? (ending ? SessionLifecycle.defaultReason(for: trigger) : nil)
        session.tracking.leave(from, at: now)
        session.status = target
        var data: [String: JSONValue] = ["from": .string(from.rawValue), "to": .string(target.rawValue), "trigger": .string(trigger.rawValue)]
        if let reason { data["reason"] = .string(reason) }
        record(NewEvent(type: EngineEventType.stateChanged, data: .object(data), redactions: redactions))
        facts.append(.transitioned(SessionTransition(from: from, to: target, trigger: trigger, reason: reason)))
        if target == .idle { snapshot() }
        if from.hasEnded && target.isLive { reopened() }
        if ending { finish(trigger: trigger, reason: reason ?? trigger.rawValue) }
        return true
    }

    /// The end flow: end time, reason, outcome, final metrics, `session.ended`, final snapshot.
    mutating func finish(trigger: SessionLifecycle.Trigger, reason: String) {
        session.endedAt = now
        session.endReason = reason
        let outcome = SessionLifecycle.outcome(of: session.status, trigger: trigger)
        session.outcome = outcome
        let metrics = SessionMetrics(of: session, now: now)
        session.finalMetrics = metrics
        session.tracking.undoStack = []
        session.tracking.redoStack = []
        record(NewEvent(type: EngineEventType.ended, data: metrics.json))
        facts.append(.ended(trigger: trigger, outcome: outcome))
        snapshot()
    }

    /// Undoes the end flow's marks: a reopened session is live again, with no end yet.
    mutating func reopened() {
        session.endedAt = nil
        session.endReason = nil
        session.outcome = nil
        session.finalMetrics = nil
        session.lastActivityAt = max(session.lastActivityAt, now)
        session.tracking.warningsSent = 0
    }

    /// Marks client activity: initializing and idle sessions become active, warnings start over.
    public mutating func markActivity() throws(SessionError) {
        if session.status == .initializing || session.status == .idle { try transition(.activity) }
        session.lastActivityAt = max(session.lastActivityAt, now)
        session.tracking.warningsSent = 0
    }
}

typealias UUIDv7Value = SessionEvent.ID

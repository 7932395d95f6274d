extension Session {
    /// Folds one stored event into the session: its state delta, the chain head and sequence
    /// number, and, for a client event, counters, activity time, warnings and the undo history.
    ///
    /// The one fold of the engine: ``SessionChangeBuilder`` runs it as it records each event, and
    /// ``SessionTail/replay(_:onto:)`` as it rebuilds a row from the events after its checkpoint.
    /// The lifecycle is not its business: transitions are events of their own.
    public mutating func fold(_ event: SessionEvent) {
        if let delta = event.stateDelta { state = JSONMergePatch.apply(delta, to: state) }
        lastSeq = event.seq
        lastHash = event.hash
        updatedAt = max(updatedAt, event.time)
        guard !EngineEventType.isEngine(event.type) else { return }
        counters.count(type: event.type, data: event.data)
        lastActivityAt = max(lastActivityAt, event.time)
        tracking.warningsSent = 0
        if event.stateDelta != nil {
            tracking.undoStack.append(event.seq)
            if tracking.undoStack.count > SessionTracking.historyLimit { tracking.undoStack.removeFirst() }
            tracking.redoStack = []
        }
    }
}

/// Replays client events written after a session row's checkpoint.
///
/// A store may write plain client appends as event rows alone and rewrite the session row only
/// every so often (a checkpoint) or when something else changes. The row plus the events after
/// its `last_seq` then stand for the session, and replaying them rebuilds exactly what
/// ``SessionChangeBuilder/append(_:expectedSeq:existing:)`` had computed (state, chain head,
/// counters, activity time, warnings and undo history): both run ``Session/fold(_:)``.
public enum SessionTail {
    /// Whether `change` may be stored as event rows alone, on top of the row loaded as
    /// `checkpoint` (the stored row, before any tail).
    ///
    /// - Parameter checkpointInterval: rewrite the row at least every this many events.
    public static func isLight(_ change: SessionChange, loaded: Session, checkpointSeq: Int64, checkpointInterval: Int64) -> Bool {
        guard !change.events.isEmpty, change.snapshots.isEmpty, change.parent == nil, !change.checkpoint else { return false }
        let session = change.session
        guard session.status == loaded.status, session.tracking.lastSnapshotSeq == loaded.tracking.lastSnapshotSeq,
            session.lastSeq - checkpointSeq < checkpointInterval
        else { return false }
        return change.events.allSatisfy { !EngineEventType.isEngine($0.type) }
    }

    /// Applies `events` (consecutive, after `session.lastSeq`) to `session`.
    public static func replay(_ events: [SessionEvent], onto session: inout Session) {
        for event in events where event.seq > session.lastSeq { session.fold(event) }
    }
}

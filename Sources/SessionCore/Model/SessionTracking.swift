/// The engine's bookkeeping for one session, stored with it.
public struct SessionTracking: Sendable, Hashable {
    /// When the session entered its current status.
    public var statusSince: Timestamp
    /// Time spent in each status before the current one, in milliseconds.
    public var activeMs: Int64 = 0
    public var idleMs: Int64 = 0
    public var suspendedMs: Int64 = 0
    /// Timeout warning points already announced since the last sign of life.
    public var warningsSent: Int = 0
    /// The sequence number of the latest snapshot; 0 if none.
    public var lastSnapshotSeq: Int64 = 0
    /// Commands (state-changing events) that `undo` can revert, newest last.
    public var undoStack: [Int64] = []
    /// Undone commands that `redo` can re-apply, newest last.
    public var redoStack: [Int64] = []

    /// The longest undo history kept.
    public static let historyLimit = 100

    public init(statusSince: Timestamp) {
        self.statusSince = statusSince
    }

    public var json: JSONValue {
        [
            "status_since": .int(statusSince.milliseconds),
            "active_ms": .int(activeMs), "idle_ms": .int(idleMs), "suspended_ms": .int(suspendedMs),
            "warnings_sent": .int(Int64(warningsSent)), "last_snapshot_seq": .int(lastSnapshotSeq),
            "undo": .array(undoStack.map { .int($0) }), "redo": .array(redoStack.map { .int($0) }),
        ]
    }

    public init(json: JSONValue) {
        statusSince = Timestamp(milliseconds: json["status_since"]?.int64Value ?? 0)
        activeMs = json["active_ms"]?.int64Value ?? 0
        idleMs = json["idle_ms"]?.int64Value ?? 0
        suspendedMs = json["suspended_ms"]?.int64Value ?? 0
        warningsSent = Int(json["warnings_sent"]?.int64Value ?? 0)
        lastSnapshotSeq = json["last_snapshot_seq"]?.int64Value ?? 0
        if case .array(let u)? = json["undo"] { undoStack = u.compactMap(\.int64Value) }
        if case .array(let r)? = json["redo"] { redoStack = r.compactMap(\.int64Value) }
    }

    /// Adds the time since ``statusSince`` to the bucket of `status` and restarts the clock.
    public mutating func leave(_ status: SessionStatus, at now: Timestamp) {
        let spent = now.milliseconds(since: statusSince)
        switch status {
        case .initializing, .active: activeMs += spent
        case .idle: idleMs += spent
        case .suspended: suspendedMs += spent
        case .completed, .failed, .expired, .terminated, .archived: break
        }
        statusSince = now
    }
}

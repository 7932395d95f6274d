/// What one engine operation writes to the store, atomically.
public struct SessionChange: Sendable {
    /// The session row as it must be stored.
    public var session: Session
    /// New events, in `seq` order; the store assigns their positions.
    public var events: [SessionEvent]
    /// Snapshots to store with them.
    public var snapshots: [SessionSnapshot]
    /// Events of this request already stored by an earlier try (idempotent retries); written again never.
    public var replayed: [SessionEvent]
    /// Another session changed in the same transaction (a parent counting a new child).
    public var parent: Session?
    /// What happened to the session, typed, in order: what logs, metrics and reports read.
    public var facts: [SessionFact] = []

    public init(session: Session, events: [SessionEvent] = [], snapshots: [SessionSnapshot] = [], replayed: [SessionEvent] = [], parent: Session? = nil) {
        self.session = session
        self.events = events
        self.snapshots = snapshots
        self.replayed = replayed
        self.parent = parent
    }

    /// Nothing to write.
    public var isEmpty: Bool { events.isEmpty && snapshots.isEmpty && parent == nil && !sessionChanged }

    /// Set when the session row differs from the loaded one.
    public var sessionChanged = true

    /// Set when ``Session/state`` differs from the loaded one, so stores can skip rewriting it.
    public var stateChanged = true

    /// Asks the store to rewrite the session row even if nothing changed (the sweeper does,
    /// so the row's next check time moves forward). See ``SessionTail``.
    public var checkpoint = false

    /// Each event's `data` as compact JSON text, in ``events`` order, when the builder already
    /// wrote it (for the hash); stores use it instead of serializing again. May be empty.
    public var encodedData: [String] = []

    /// The `data` text of event `index`.
    public func dataText(_ index: Int) -> String {
        index < encodedData.count ? encodedData[index] : JSONWriter.string(events[index].data)
    }
}

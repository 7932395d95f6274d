public import Foundation
public import Logging
public import SessionCore
public import SessionStore

/// The engine: every session operation, on any ``SessionStore``.
///
/// It validates input before any I/O, runs SessionCore's pure rules inside the store's
/// transaction, and after an end applies the close policy to the live children.
public struct SessionManager: SessionOperations {
    /// Engine settings.
    public struct Configuration: Sendable {
        /// Snapshot every this many events. Default 256.
        public var snapshotInterval: Int64 = 256
        /// Deepest hierarchy level. Default 16.
        public var maxDepth: Int = 16
        /// Limits on appends.
        public var limits: EventLimits = .default
        /// Events returned by `recover`. Default 20.
        public var recoveryEvents: Int = 20
        /// Default page size for event reads. Default 100.
        public var defaultPageSize: Int = 100
        /// Where the engine's metrics go. Default: the process-wide `MetricsSystem.factory`.
        public var metrics: EngineMetrics = EngineMetrics()
        /// What every write goes through before it is stored: context, labels, metadata, end
        /// reasons, event data and state deltas. Default: every built-in rule, in `mask` mode.
        public var redactor: Redactor = Redactor()
        /// How users' consent records shape writes (after redaction); `nil`: records are kept
        /// but every write is stored as given.
        public var consent: ConsentPolicy?
        /// Where retention archived sessions' events: erasing a user deletes their archives too.
        public var archive: (any ArchiveStore)?
        /// How long an erased user's data waits in the trash before it is purged (restorable
        /// until then); `nil` or zero erases for good at once. The policy's
        /// `retention.trash_grace` when it has a retention section.
        public var trashGrace: Duration?
        /// What assistants' tokens cost (`cost_usd` in their metrics); `$SESSIOND_PRICES` adds to it.
        public var prices: PriceTable = .default
        /// Encryption at rest: the cipher the store was opened with (its configuration's
        /// `cipher`), so archives are sealed as the store is and erasing a user destroys their
        /// keys. `nil`: payloads are stored in the clear.
        public var cipher: PayloadCipher?

        public init() {}
    }

    public let store: any SessionStore
    public let configuration: Configuration
    /// Notified after every write that stored events (see ``ChangeSignal``).
    public let changes: ChangeSignal
    package let clock: any WallClock
    package let logger: Logger

    public init(
        store: any SessionStore, configuration: Configuration = Configuration(), clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "sessiond.engine")
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.changes = ChangeSignal()
    }

    // MARK: Creating and reading

    /// Creates a session, under `parentID` if given.
    public func create(_ spec: SessionSpec, parentID: UUID? = nil) async throws -> Session {
        try await create(spec, parentID: parentID, at: nil)
    }

    /// ``create(_:parentID:)`` at `time` instead of now: an imported session starts when its file does.
    func create(_ spec: SessionSpec, parentID: UUID?, at time: Timestamp?) async throws -> Session {
        let (spec, redactions) = try await redacted(spec, parentID: parentID)
        try spec.validate(limits: configuration.limits)
        let now = time ?? clock.now()
        let id = UUID.v7(at: now)
        let maxDepth = configuration.maxDepth
        let interval = configuration.snapshotInterval
        let change = try await measure("create", session: id) {
            try await store.create(parentID: parentID) { parent in
                try SessionChangeBuilder.create(
                    id: id, spec: spec, parent: parent, now: now, maxDepth: maxDepth, snapshotInterval: interval, redactions: redactions)
            }
        }
        committed(change)
        logger.info("session created", metadata: ["session.id": "\(id.lowercased)", "session.application": "\(change.session.application)"])
        return change.session
    }

    /// One session.
    public func session(_ id: UUID) async throws -> Session {
        guard let session = try await store.session(id) else { throw Self.notFound(id) }
        return session
    }

    /// The session `reference` names; `session_not_found` when there is none.
    public func session(_ reference: SessionReference) async throws -> Session {
        switch reference {
        case .id(let id):
            return try await session(id)
        case .external(let application, let externalID):
            guard let session = try await store.session(application: application, externalID: externalID) else {
                throw SessionError(.sessionNotFound, "no session is known as \(reference)")
            }
            return session
        }
    }

    /// A page of sessions, newest first.
    public func sessions(_ query: SessionQuery) async throws -> SessionPage {
        try await store.sessions(query)
    }

    /// A page of events with `seq > afterSeq`.
    public func events(_ id: UUID, afterSeq: Int64 = 0, limit: Int? = nil, types: [String] = []) async throws -> SessionEventPage {
        let limit = limit ?? configuration.defaultPageSize
        try PageLimit.check(limit)
        guard afterSeq >= 0 else { throw SessionError(.invalidArgument, "after_seq must not be negative") }
        let events = try await store.events(id, afterSeq: afterSeq, limit: limit, types: types)
        if events.isEmpty, try await store.session(id) == nil { throw Self.notFound(id) }
        return SessionEventPage(events: events, limit: limit)
    }

    // MARK: Appending

    /// Appends one event or a batch, atomically.
    ///
    /// - Parameters:
    ///   - expectedSeq: the session's last `seq` as the caller knows it; a different one fails
    ///     with `sequence_conflict` and writes nothing.
    public func append(_ id: UUID, _ events: [NewEvent], expectedSeq: Int64? = nil) async throws -> SessionAppendResult {
        let limits = configuration.limits
        try limits.validateBatch(count: events.count)
        // Limits hold for what is stored: redaction comes first (a mask can be longer than what it hides).
        let events = Self.linkedToCurrentSpan(try await redacted(events, session: id))
        for (index, event) in events.enumerated() { try limits.validate(event, index: events.count > 1 ? index : nil) }
        let keys = events.compactMap(\.idempotencyKey)
        let started = ContinuousClock.now
        let change = try await update(id, idempotencyKeys: keys) { builder, existing in
            try builder.append(events, expectedSeq: expectedSeq, existing: existing)
        }
        configuration.metrics.recordAppend(ContinuousClock.now - started)
        let fresh = change.events.count == events.count ? change.events : change.events.filter { !EngineEventType.isEngine($0.type) }
        if keys.isEmpty { return SessionAppendResult(events: fresh, lastSeq: change.session.lastSeq, replayed: 0) }
        var byKey: [String: SessionEvent] = [:]
        for event in change.replayed + fresh { if let key = event.idempotencyKey { byKey[key] = event } }
        var ordered: [SessionEvent] = []
        var freshIterator = fresh.makeIterator()
        for event in events {
            if let key = event.idempotencyKey, let stored = byKey[key] {
                ordered.append(stored)
            } else if let next = freshIterator.next() {
                ordered.append(next)
            }
        }
        return SessionAppendResult(events: ordered, lastSeq: change.session.lastSeq, replayed: change.replayed.count)
    }

    // MARK: Lifecycle

    /// Notes that the client is alive.
    @discardableResult
    public func heartbeat(_ id: UUID) async throws -> Session {
        try await update(id) { builder, _ in try builder.heartbeat() }.session
    }

    /// Moves a session through its lifecycle; an end applies the close policy to its live children.
    @discardableResult
    public func transition(_ id: UUID, _ move: SessionMove, reason: String? = nil) async throws -> Session {
        if let reason, reason.isEmpty || reason.utf8.count > 1024 {
            throw SessionError(.invalidArgument, "reason must be 1 to 1024 bytes")
        }
        let (reason, redactions) = try await redacted(reason: reason, session: id)
        let change = try await update(id) { builder, _ in try builder.transition(move.trigger, reason: reason, redactions: redactions) }
        try await afterChange(change)
        return change.session
    }

    /// Reattaches to a live session; a stale one is failed with reason `timeout` and
    /// `session_stale` is thrown.
    public func recover(_ id: UUID) async throws -> SessionRecovery {
        let change = try await update(id) { builder, _ in _ = try builder.recover() }
        try await afterChange(change)
        let session = change.session
        if session.status == .failed {
            throw SessionError(.sessionStale, "session was past its limits and is now failed (timeout)")
        }
        let from = max(0, session.lastSeq - Int64(configuration.recoveryEvents))
        let recent = try await store.events(id, afterSeq: from, limit: max(1, configuration.recoveryEvents), types: [])
        return SessionRecovery(session: session, context: session.effectiveContext, state: session.state, recentEvents: recent)
    }

    /// Reverts the newest state-changing command by appending its inverse.
    public func undo(_ id: UUID) async throws -> SessionEvent {
        try await command(id) { session in session.tracking.undoStack.last } apply: { builder, command in
            try builder.undo(command)
        } none: {
            SessionError(.nothingToUndo, "no command to undo")
        }
    }

    /// Re-applies the newest undone command.
    public func redo(_ id: UUID) async throws -> SessionEvent {
        try await command(id) { session in session.tracking.redoStack.last } apply: { builder, command in
            try builder.redo(command)
        } none: {
            SessionError(.nothingToRedo, "no undone command to redo")
        }
    }

    private func command(
        _ id: UUID, target: (Session) -> Int64?,
        apply: @escaping @Sendable (inout SessionChangeBuilder, SessionEvent) throws -> Void,
        none: () -> SessionError
    ) async throws -> SessionEvent {
        // Read the target outside the transaction, then check inside it that it is still the top.
        for _ in 0..<5 {
            let session = try await self.session(id)
            guard session.status.isLive else { throw SessionError(.sessionEnded, "session is \(session.status.rawValue)") }
            guard let seq = target(session), let command = try await store.event(id, seq: seq) else { throw none() }
            do {
                let change = try await update(id) { builder, _ in try apply(&builder, command) }
                guard let event = change.events.last else { throw none() }
                return event
            } catch let error as SessionError where error.code == .nothingToUndo || error.code == .nothingToRedo {
                continue  // another writer moved the history meanwhile: look again
            }
        }
        throw none()
    }

    // MARK: State, metrics, verification

    /// A session's state now, or right after event `atSeq`.
    public func state(_ id: UUID, atSeq: Int64? = nil) async throws -> (seq: Int64, state: JSONValue) {
        let session = try await self.session(id)
        guard let atSeq, atSeq != session.lastSeq else { return (session.lastSeq, session.state) }
        guard atSeq >= 0, atSeq <= session.lastSeq else {
            throw SessionError(.invalidArgument, "at_seq must be between 0 and \(session.lastSeq)")
        }
        let snapshot = try await store.snapshot(id, atOrBefore: atSeq)
        var state = snapshot?.state ?? .emptyObject
        var after = snapshot?.seq ?? 0
        while after < atSeq {
            let page = try await store.events(id, afterSeq: after, limit: Int(min(1000, atSeq - after)), types: [])
            guard let last = page.last else { break }
            for event in page where event.seq <= atSeq {
                if let delta = event.stateDelta { state = JSONMergePatch.apply(delta, to: state) }
            }
            after = last.seq
        }
        return (atSeq, state)
    }

    /// A session's metrics: final once ended, as of now while live.
    public func metrics(_ id: UUID) async throws -> SessionMetrics {
        let session = try await self.session(id)
        return session.finalMetrics ?? SessionMetrics(of: session, now: clock.now())
    }

    /// A session, its descendants and their totals.
    public func tree(_ id: UUID) async throws -> SessionTree {
        let root = try await self.session(id)
        let descendants = try await store.descendants(of: id)
        return SessionTree(root: root, descendants: descendants, metrics: TreeMetrics(root: root, descendants: descendants, now: clock.now()))
    }

    /// Recomputes the hash chain of a session, page by page, and reports the first broken link.
    public func verify(_ id: UUID) async throws -> EventHash.Verification {
        let session = try await self.session(id)
        var previous = EventHash.genesis
        var after: Int64 = 0
        var checked: Int64 = 0
        while true {
            let page = try await store.events(id, afterSeq: after, limit: 1000, types: [])
            let result = EventHash.verify(page, after: previous, expectedSeq: after + 1)
            checked += result.checked
            if !result.isIntact {
                return EventHash.Verification(checked: checked, firstBrokenSeq: result.firstBrokenSeq, problem: result.problem, lastHash: result.lastHash)
            }
            previous = result.lastHash
            guard let last = page.last else { break }
            after = last.seq
        }
        if after != session.lastSeq {
            return EventHash.Verification(checked: checked, firstBrokenSeq: after + 1, problem: "missing event \(after + 1)", lastHash: previous)
        }
        if previous != session.lastHash {
            return EventHash.Verification(checked: checked, firstBrokenSeq: session.lastSeq, problem: "last event does not match the session's chain head", lastHash: previous)
        }
        return EventHash.Verification(checked: checked, firstBrokenSeq: nil, problem: nil, lastHash: previous)
    }

    /// Snapshots every live session whose latest snapshot is older than its last event, a page
    /// at a time; returns how many were written. `sessiond serve` runs it on shutdown.
    @discardableResult
    public func snapshotLiveSessions() async throws -> Int {
        var written = 0
        var cursor: String?
        repeat {
            let page = try await store.sessions(SessionQuery(statuses: SessionStatus.live, limit: 500, cursor: cursor))
            for session in page.sessions where session.tracking.lastSnapshotSeq < session.lastSeq {
                do {
                    let change = try await update(session.id) { builder, _ in builder.checkpointSnapshot() }
                    written += change.snapshots.count
                } catch let error as SessionError where error.code == .sessionNotFound {
                    continue
                }
            }
            cursor = page.nextCursor
        } while cursor != nil
        return written
    }

    // MARK: Internals

    func update(
        _ id: UUID, idempotencyKeys: [String] = [], at time: Timestamp? = nil,
        _ body: @escaping @Sendable (inout SessionChangeBuilder, [String: SessionEvent]) throws -> Void
    ) async throws -> SessionChange {
        let now = time ?? clock.now()
        let interval = configuration.snapshotInterval
        let change = try await measure("update", session: id) {
            try await store.update(id, idempotencyKeys: idempotencyKeys) { session, existing in
                var builder = SessionChangeBuilder(session: session, now: now, snapshotInterval: interval)
                try body(&builder, existing)
                return builder.build()
            }
        }
        committed(change)
        return change
    }

    /// After a change is committed: log transitions and, if the session ended, close its children.
    func afterChange(_ change: SessionChange) async throws {
        if change.ended {
            try await closeChildren(of: change.session)
        }
    }

    /// Applies `session`'s close policy to its live children, all the way down.
    func closeChildren(of session: Session) async throws {
        var pending: [Session] = [session]
        while let parent = pending.popLast() {
            guard parent.policy.closePolicy == .terminate else { continue }
            for child in try await store.children(of: parent.id, statuses: SessionStatus.live) {
                do {
                    let change = try await update(child.id) { builder, _ in
                        try builder.transition(.parentClosed, reason: "parent_closed")
                    }
                    pending.append(change.session)
                } catch let error as SessionError where error.code == .invalidTransition {
                    continue  // it ended on its own meanwhile
                }
            }
        }
    }

    static func notFound(_ id: UUID) -> SessionError {
        SessionError(.sessionNotFound, "session \(id.lowercased) does not exist")
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// Durable storage of sessions, their events and snapshots: the one protocol every backend
/// (SQLite, PostgreSQL) implements and the shared conformance suite checks.
///
/// Its capabilities are part of the type, as GRDB's `DatabaseWriter` refines `DatabaseReader`:
/// every store is also an ``AccessStore`` (tokens, audit log, per-user export and erasure), an
/// ``AlertStore``, an ``AnalyticsStore``, a ``RetentionStore``, a ``ConsentStore`` and a ``TrashStore``, so the engine and the server never ask a store
/// what it can do. A new capability is a protocol of its own in this module, added here.
///
/// A store is used inside ``withRunning(_:)``, which starts what the backend needs (a connection
/// pool), applies migrations, and closes the store when its body returns or throws:
///
/// ```swift
/// let store = try SQLiteSessionStore(path: "sessions.sqlite")
/// try await store.withRunning {
///     let sessions = SessionManager(store: store)
///     …
/// }
/// ```
///
/// Writes go through ``create(parentID:_:)`` and ``update(_:idempotencyKeys:_:)``: the store
/// opens a transaction, loads and locks the rows, runs the caller's pure `plan` (SessionCore's
/// ``SessionChangeBuilder``) on them and writes what it returns, all or nothing. A `plan`
/// that throws writes nothing and its error reaches the caller unchanged.
///
/// > Important: `plan` may run more than once (a backend may retry a transaction after a
/// > serialization failure), so it must be pure.
public protocol SessionStore: AccessStore, AlertStore, AnalyticsStore, RetentionStore, ConsentStore, TrashStore, Sendable {
    /// Creates a session atomically, with its first events and an update of its parent.
    ///
    /// - Parameters:
    ///   - parentID: the parent to load and lock; `session_not_found` if it does not exist.
    ///   - plan: given the parent's current row, returns the change to write.
    /// - Throws: `duplicate_external_id` when the application already has a session with the
    ///   change's external id; any error `plan` throws.
    func create(parentID: UUID?, _ plan: @escaping @Sendable (_ parent: Session?) throws -> SessionChange) async throws -> SessionChange

    /// Changes one session atomically.
    ///
    /// - Parameters:
    ///   - id: the session to load and lock; `session_not_found` if it does not exist.
    ///   - idempotencyKeys: keys to look up among the session's stored events, for `plan`.
    ///   - plan: given the current row and the stored events with those keys, returns the change.
    /// - Returns: the change as written, with the events' positions assigned.
    func update(
        _ id: UUID, idempotencyKeys: [String],
        _ plan: @escaping @Sendable (_ session: Session, _ existing: [String: SessionEvent]) throws -> SessionChange
    ) async throws -> SessionChange

    /// One session, or `nil`.
    func session(_ id: UUID) async throws -> Session?

    /// The session of `application` with this external id, or `nil`.
    func session(application: String, externalID: String) async throws -> Session?

    /// A page of sessions matching `query`, newest first.
    func sessions(_ query: SessionQuery) async throws -> SessionPage

    /// Events of a session with `seq > afterSeq`, in `seq` order, at most `limit`, optionally
    /// only of the given types.
    func events(_ id: UUID, afterSeq: Int64, limit: Int, types: [String]) async throws -> [SessionEvent]

    /// One event by its sequence number.
    func event(_ id: UUID, seq: Int64) async throws -> SessionEvent?

    /// The latest snapshot of a session at or before `seq`.
    func snapshot(_ id: UUID, atOrBefore seq: Int64) async throws -> SessionSnapshot?

    /// Every descendant of a session (children, their children, …), not the session itself.
    func descendants(of id: UUID) async throws -> [Session]

    /// The direct children of a session, only those with one of `statuses` (all if empty).
    func children(of id: UUID, statuses: [SessionStatus]) async throws -> [Session]

    /// Events of every session with `position > afterPosition` that match `filter`, in
    /// position order, at most `limit`: what a subscription reads. Positions become visible
    /// in order, so a reader that resumes after the last position it saw misses nothing.
    func events(afterPosition: Int64, matching filter: EventFilter, limit: Int) async throws -> [SessionEvent]

    /// Counts by status, live sessions by application, outcomes, and the durations of the
    /// `durationSample` most recently ended sessions; only `userID`'s sessions if given.
    func stats(userID: String?, durationSample: Int) async throws -> SessionStats

    /// Live sessions whose next sweeper check is due at or before `time`, earliest first.
    func dueSessions(at time: Timestamp, limit: Int) async throws -> [Session]

    /// Runs what the store needs (PostgreSQL: its connection pool), applies migrations, runs
    /// `body`, then closes the store, also when `body` throws.
    ///
    /// > Important: call it once per store; the store is closed when it returns.
    func withRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T

    /// Releases connections and files. Further calls fail with `unavailable`.
    func close() async throws

    /// Calls `onChange` each time another process (another `sessiond` on the same database,
    /// the CLI) may have stored events, until the task is cancelled.
    ///
    /// Live subscriptions use it to wake up at once instead of at their next poll. A backend
    /// that cannot be told returns at once; its subscribers find such events by polling.
    func watchChanges(_ onChange: @escaping @Sendable () -> Void) async throws

    /// The position of the newest stored event; 0 before the first. A subscription that starts
    /// after it gets only events stored from now on.
    func latestPosition() async throws -> Int64

    /// The backend's name in metrics and logs: `sqlite`, `postgres`.
    var backend: String { get }

    /// Live sessions by status and application, and storage use, for `/metrics`.
    func observe() async throws -> StoreObservation
}

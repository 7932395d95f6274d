#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// Where a ``SessionHandle`` keeps the events it cannot deliver while the server is away, to
/// replay them in order once it answers again.
///
/// The `SessionOfflineBuffer` product has one on an SQLite file, `OfflineBuffer`, which survives
/// the process; it is a product of its own so a client that never buffers does not build SQLite.
public protocol EventBuffer: Sendable {
    /// Queues `event` behind the session's other waiting events. An event already waiting with
    /// the same idempotency key is not added twice.
    ///
    /// > Important: the event needs an idempotency key, or a replay could store it twice.
    func add(_ event: NewEvent, to sessionID: UUID) async throws

    /// The oldest `limit` waiting events of a session, in order.
    func pending(_ sessionID: UUID, limit: Int) async throws -> [BufferedEvent]

    /// Forgets delivered events.
    func remove(_ ids: [Int64]) async throws

    /// How many events wait, for one session or for all.
    func count(_ sessionID: UUID?) async throws -> Int

    /// The sessions with waiting events, oldest waiting first.
    func sessionIDs() async throws -> [UUID]
}

/// One event waiting in an ``EventBuffer``.
public struct BufferedEvent: Sendable, Hashable {
    /// Order of arrival, increasing.
    public var id: Int64
    public var sessionID: UUID
    /// The event with its idempotency key.
    public var event: NewEvent

    public init(id: Int64, sessionID: UUID, event: NewEvent) {
        self.id = id
        self.sessionID = sessionID
        self.event = event
    }
}

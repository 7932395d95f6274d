#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// API tokens, the audit log, and per-user export and erasure: what access control needs
/// from a store. Both backends conform; tokens are read from the store on every request, so a
/// token created or revoked by another process (the CLI) takes effect at once.
public protocol AccessStore: Sendable {
    /// Stores a new token. `invalid_argument` if its id or hash already exists.
    func createToken(_ token: APIToken) async throws

    /// The token with this hash, revoked or not, or `nil`.
    func token(hash: String) async throws -> APIToken?

    /// Every token, oldest first.
    func tokens() async throws -> [APIToken]

    /// Marks a token revoked at `time`. Returns false if there is no such active token.
    func revokeToken(id: String, at time: Timestamp) async throws -> Bool

    /// Whether at least one token is not revoked: the API then requires a token.
    func hasActiveTokens() async throws -> Bool

    /// Appends one audit entry; returns it with its assigned id.
    @discardableResult
    func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry

    /// Audit entries with `id > after`, oldest first, at most `limit` (1 to 1000).
    func audit(after: Int64, limit: Int) async throws -> [AuditEntry]

    /// A page of the sessions of `userID` in id order (oldest first), after `afterID`.
    func userSessions(_ userID: String, after afterID: UUID?, limit: Int) async throws -> [Session]

    /// Snapshots of a session with `seq > afterSeq`, in `seq` order, at most `limit`.
    func snapshots(_ id: UUID, afterSeq: Int64, limit: Int) async throws -> [SessionSnapshot]

    /// Deletes every session of `userID` with its events, snapshots and labels, in one
    /// transaction. Sessions of other users that were children of an erased session are kept
    /// and detached (`parent_id` becomes null).
    func eraseUser(_ userID: String) async throws -> UserErasure
}

/// What ``AccessStore/eraseUser(_:)`` deleted.
public struct UserErasure: Sendable, Hashable {
    public var sessions: Int
    public var events: Int
    public var snapshots: Int
    public var labels: Int

    public init(sessions: Int, events: Int, snapshots: Int, labels: Int) {
        self.sessions = sessions
        self.events = events
        self.snapshots = snapshots
        self.labels = labels
    }

    public var json: JSONValue {
        [
            "sessions": .int(Int64(sessions)), "events": .int(Int64(events)), "snapshots": .int(Int64(snapshots)),
            "labels": .int(Int64(labels)),
        ]
    }
}

/// The session id SQLite reserves for keeping event positions increasing after an erasure
/// (see `docs/SECURITY.md`); never a real session (a UUIDv7 is never all zeros).
package enum ReservedSession {
    package static let positionKeeperID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}

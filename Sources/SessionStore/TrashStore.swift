#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// The trash: where an erased user's sessions wait out the policy's grace period before they
/// are purged, restorable until then. Trashed rows are in tables of their own, so no read,
/// list, stream or export sees them.
public protocol TrashStore: Sendable {
    /// Moves every session of `userID`, with its events, snapshots and labels, to the trash
    /// in one transaction, stamped `time`; children of other users are detached as
    /// ``AccessStore/eraseUser(_:)`` does.
    ///
    /// - Throws: `legal_hold` (moving nothing) if a hold covers any of the sessions.
    func trashUser(_ userID: String, at time: Timestamp) async throws -> UserErasure

    /// Every user with sessions in the trash, by user id.
    func trashed() async throws -> [TrashedUser]

    /// Moves the trashed sessions of `userID` back, with everything they had.
    ///
    /// - Throws: `duplicate_external_id` (moving nothing) if a session created since took one of their external ids.
    func restoreTrash(_ userID: String) async throws -> UserErasure

    /// Deletes for good what was trashed before `time` (only `userID`'s if given), except
    /// what a legal hold covers, as ``AccessStore/eraseUser(_:)`` deletes: securely.
    func purgeTrash(trashedBefore time: Timestamp, userID: String?) async throws -> TrashPurge
}

/// A user's sessions in the trash.
public struct TrashedUser: Sendable, Hashable {
    public var userID: String
    public var sessions: Int
    /// When the earliest of them was trashed.
    public var trashedAt: Timestamp

    public init(userID: String, sessions: Int, trashedAt: Timestamp) {
        self.userID = userID
        self.sessions = sessions
        self.trashedAt = trashedAt
    }

    public var json: JSONValue {
        ["user_id": .string(userID), "sessions": .int(Int64(sessions)), "trashed_at": .string(trashedAt.iso8601)]
    }
}

/// What ``TrashStore/purgeTrash(trashedBefore:userID:)`` deleted.
public struct TrashPurge: Sendable, Hashable {
    public var erased: UserErasure
    /// The purged sessions that retention had archived (their archive files go too).
    public var archivedSessions: [UUID]
    /// Users with nothing left in the trash after the purge.
    public var emptiedUsers: [String]

    public init(erased: UserErasure, archivedSessions: [UUID], emptiedUsers: [String]) {
        self.erased = erased
        self.archivedSessions = archivedSessions
        self.emptiedUsers = emptiedUsers
    }
}

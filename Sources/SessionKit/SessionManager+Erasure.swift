#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import SessionCore
public import SessionStore

/// What erasing a user did.
public struct ErasureReport: Sendable, Hashable {
    /// What left the live tables.
    public var erased: UserErasure
    /// When the trash purges it, if it went to the trash; `nil` when it is gone for good.
    public var purgeAfter: Timestamp?
    /// Archive files deleted.
    public var archives: Int
    /// Data keys destroyed (encryption at rest).
    public var keys: Int

    public init(erased: UserErasure, purgeAfter: Timestamp?, archives: Int, keys: Int) {
        self.erased = erased
        self.purgeAfter = purgeAfter
        self.archives = archives
        self.keys = keys
    }

    /// The report's JSON fields: `erased`, `trashed`, `purge_after` (when trashed), `archives`, `keys_destroyed`.
    public var fields: [String: JSONValue] {
        var o: [String: JSONValue] = ["erased": erased.json, "archives": .int(Int64(archives)), "keys_destroyed": .int(Int64(keys))]
        o["trashed"] = .bool(purgeAfter != nil)
        if let purgeAfter { o["purge_after"] = .string(purgeAfter.iso8601) }
        return o
    }
}

extension SessionManager {
    /// Erases `user`: every session with its events, snapshots and labels, in one store
    /// transaction (refused whole with `legal_hold` if a hold covers any).
    ///
    /// With a ``Configuration/trashGrace`` (and not `immediately`) the rows go to the trash,
    /// restorable with ``restoreTrash(user:)`` until a retention run purges them, and the
    /// user's data keys are retired (new data gets new keys). Otherwise they are deleted for
    /// good now, with anything of the user's still in the trash, the archive files of those
    /// that retention had archived (``Configuration/archive``), and, with encryption at rest,
    /// the user's data keys: whatever copy of their payloads is left (a backup, a copied
    /// archive) cannot be opened any more.
    public func eraseUser(_ user: String, immediately: Bool = false) async throws -> ErasureReport {
        if let grace = configuration.trashGrace, grace > .zero, !immediately {
            let now = clock.now()
            let moved = try await store.trashUser(user, at: now)
            _ = try configuration.cipher?.retireKeys(user: user)
            return ErasureReport(erased: moved, purgeAfter: Timestamp(milliseconds: now.milliseconds + grace.milliseconds), archives: 0, keys: 0)
        }
        var archived: [UUID] = []
        if configuration.archive != nil {
            var after: UUID?
            while true {
                let page = try await store.userSessions(user, after: after, limit: 1000)
                archived += page.filter { $0.status == .archived }.map(\.id)
                guard page.count == 1000, let last = page.last else { break }
                after = last.id
            }
        }
        let erased = try await store.eraseUser(user)
        let purge = try await store.purgeTrash(trashedBefore: Timestamp(milliseconds: .max), userID: user)
        let archives = try await deleteArchives(archived + purge.archivedSessions)
        // A hold on what is left in the trash keeps the keys that open it.
        let held = try await store.trashed().contains { $0.userID == user }
        let keys = held ? 0 : try configuration.cipher?.destroyKeys(user: user) ?? 0
        return ErasureReport(erased: erased, purgeAfter: nil, archives: archives, keys: keys)
    }

    /// Brings `user`'s sessions back from the trash, with their retired keys; audited as
    /// `trash.restore` by `actor`.
    public func restoreTrash(user: String, actor: String) async throws -> UserErasure {
        let restored = try await store.restoreTrash(user)
        guard restored.sessions > 0 else { return restored }
        _ = try configuration.cipher?.reinstateKeys(user: user)
        _ = try await store.appendAudit(
            AuditEntry(time: clock.now(), actor: actor, action: "trash.restore", target: "user:\(user)", details: ["restored": restored.json]))
        return restored
    }

    /// Purges for good what was trashed before `time` and no hold covers: the rows (secure
    /// deletion), their archive files, and the retired keys of users left with nothing in the trash.
    @discardableResult
    public func purgeTrash(trashedBefore time: Timestamp) async throws -> (purge: TrashPurge, archives: Int, keys: Int) {
        let purge = try await store.purgeTrash(trashedBefore: time, userID: nil)
        let archives = try await deleteArchives(purge.archivedSessions)
        var keys = 0
        for user in purge.emptiedUsers { keys += try configuration.cipher?.destroyKeys(user: user, retiredOnly: true) ?? 0 }
        return (purge, archives, keys)
    }

    private func deleteArchives(_ ids: [UUID]) async throws -> Int {
        guard let archive = configuration.archive else { return 0 }
        var deleted = 0
        for id in ids where try await archive.delete(id) { deleted += 1 }
        return deleted
    }
}

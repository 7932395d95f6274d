#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// What retention needs of a store: candidates, archiving a session's events out of the hot
/// tables and bringing them back, and legal holds. Both backends conform.
public protocol RetentionStore: Sendable {
    /// Sessions of `status` that ended before `time` and are under no legal hold, oldest ended
    /// first, after the keyset position `after` (`ended_at`, `id`). For `archived`, only those
    /// whose events are still in the hot tables (an archive run that stopped half way).
    func endedSessions(status: SessionStatus, endedBefore time: Timestamp, after: (Timestamp, UUID)?, limit: Int) async throws -> [Session]

    /// Deletes the events of the archived session `id` and every snapshot but its newest, in
    /// one transaction, once they are safe in an archive.
    ///
    /// - Throws: `sequence_conflict` unless the session is `archived` with `last_seq`
    ///   `expectedSeq` (what the archive holds), `legal_hold` if a hold now covers it,
    ///   `session_not_found` if it is gone; nothing is deleted then.
    func dropArchivedEvents(_ id: UUID, expectedSeq: Int64) async throws

    /// Puts archived events and snapshots back as they were (ids, seqs, positions, hashes);
    /// rows already present are left alone.
    func restore(events: [SessionEvent], snapshots: [SessionSnapshot]) async throws

    /// Places `hold`; a hold of the same scope and target already in force is replaced.
    func placeHold(_ hold: LegalHold) async throws

    /// Releases the hold of `scope` on `target`; false if none was in force.
    func releaseHold(scope: LegalHold.Scope, target: String) async throws -> Bool

    /// The holds in force, oldest first.
    func holds() async throws -> [LegalHold]
}

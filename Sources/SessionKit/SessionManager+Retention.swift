#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore
import SessionStore

extension SessionManager {
    /// Events read per page when a session is archived.
    static var archivePage: Int { 1000 }

    /// What makes retention pass a session by: a hold placed, a change or erasure meanwhile.
    static let skippable: Set<SessionError.Code> = [.legalHold, .sequenceConflict, .sessionNotFound, .invalidTransition]

    /// Archives the ended session `id`: records `archived` (a `session.state_changed` event, the
    /// last of its chain), writes every event and snapshot to `archive`, then deletes them from
    /// the hot tables but the final snapshot. Metadata, metrics and state stay queryable.
    ///
    /// Each step is safe to stop after: a session already `archived` whose events are still hot
    /// is finished by the next call (or retention run).
    ///
    /// - Returns: the number of events moved.
    /// - Throws: `legal_hold` if a hold covers the session, `invalid_transition` if it is live.
    @discardableResult
    public func archive(_ id: UUID, into archive: any ArchiveStore) async throws -> Int {
        guard let record = try await archiveRecord(id, checkHolds: true) else { return 0 }
        try await archive.put(record)
        try await store.dropArchivedEvents(id, expectedSeq: record.session.lastSeq)
        return record.events.count
    }

    /// Moves session `id` to `archived` (unless it is already) and reads what its archive holds;
    /// `nil` if its events left the hot tables before.
    ///
    /// - Parameter checkHolds: look for a hold first; a retention run's candidates are already
    ///   unheld, and the store checks again when the events are dropped.
    func archiveRecord(_ id: UUID, checkHolds: Bool) async throws -> SessionArchive? {
        var session = try await self.session(id)
        if checkHolds, try await store.holds().contains(where: { $0.covers(session) }) {
            throw SessionError(.legalHold, "session \(id.lowercased) is under a legal hold")
        }
        if session.status != .archived {
            let change = try await update(id) { builder, _ in
                guard builder.session.status.hasEnded else {
                    throw SessionError(.invalidTransition, "session is \(builder.session.status.rawValue): only an ended session is archived")
                }
                try builder.transition(.archive, reason: "retention")
            }
            try await afterChange(change)
            session = change.session
        }
        var events: [SessionEvent] = []
        while true {
            let page = try await store.events(id, afterSeq: events.last?.seq ?? 0, limit: Self.archivePage, types: [])
            events.append(contentsOf: page)
            if page.count < Self.archivePage { break }
        }
        if events.isEmpty { return nil }  // moved before: the archive has them
        var snapshots: [SessionSnapshot] = []
        while true {
            let page = try await store.snapshots(id, afterSeq: snapshots.last?.seq ?? 0, limit: Self.archivePage)
            snapshots.append(contentsOf: page)
            if page.count < Self.archivePage { break }
        }
        let record = SessionArchive(session: session, events: events, snapshots: snapshots)
        // Never delete what the archive does not hold whole.
        let verification = record.verification
        // Another instance's run may have moved the events while these pages were read.
        if !verification.isIntact, try await store.events(id, afterSeq: 0, limit: 1, types: []).isEmpty { return nil }
        guard verification.isIntact else {
            throw SessionError(.invalidArgument, "session \(id.lowercased) has a broken chain (\(verification.problem ?? "")): not archived")
        }
        return try sealedForArchive(record)
    }

    /// Brings the events and snapshots of archived session `id` back into the hot tables from
    /// `archive`; the session stays `archived`, and `verify` passes on the restored chain.
    ///
    /// - Returns: the number of events restored.
    /// - Throws: `not_archived` if `archive` holds no archive of the session, or one that does not
    ///   match the session's chain head.
    @discardableResult
    public func restore(_ id: UUID, from archive: any ArchiveStore) async throws -> Int {
        let session = try await self.session(id)
        guard let stored = try await archive.get(id) else {
            throw SessionError(.notArchived, "no archive of session \(id.lowercased)")
        }
        let record = try openedFromArchive(stored)
        guard record.verification.isIntact, record.session.lastSeq == session.lastSeq, record.session.lastHash == session.lastHash else {
            throw SessionError(.notArchived, "the archive of session \(id.lowercased) does not match its chain")
        }
        try await store.restore(events: record.events, snapshots: record.snapshots)
        return record.events.count
    }

    /// One retention pass at the clock's now: archives every ended session past its period in
    /// `policy` that no legal hold covers, `batchSize` at a time, oldest ended first; then
    /// purges what has been in the trash longer than ``RetentionPolicy/trashGrace``.
    public func runRetention(_ policy: RetentionPolicy, archive: any ArchiveStore, dryRun: Bool = false, batchSize: Int = 100) async throws -> RetentionReport {
        let now = clock.now()
        var report = RetentionReport(dryRun: dryRun)
        // Finish what an earlier run left half way, then each status by its shortest period.
        var work: [(SessionStatus, Timestamp)] = dryRun ? [] : [(.archived, now)]
        for status in RetentionPolicy.Periods.statuses {
            if let shortest = policy.shortestPeriod(status) { work.append((status, Timestamp(milliseconds: now.milliseconds - shortest.milliseconds + 1))) }
        }
        for (status, before) in work {
            var after: (Timestamp, UUID)?
            while true {
                let page = try await store.endedSessions(status: status, endedBefore: before, after: after, limit: batchSize)
                let due = page.filter { status == .archived || policy.isDue($0, now: now) }
                if dryRun {
                    if !due.isEmpty { report.archived[status.rawValue, default: 0] += due.count }
                } else {
                    // The page's archives are written and flushed together, then their events leave.
                    var records: [SessionArchive] = []
                    for session in due {
                        do {
                            if let record = try await archiveRecord(session.id, checkHolds: false) { records.append(record) }
                        } catch let error as SessionError where Self.skippable.contains(error.code) {
                            report.skipped += 1
                        }
                    }
                    try await archive.put(records)
                    for record in records {
                        do {
                            try await store.dropArchivedEvents(record.session.id, expectedSeq: record.session.lastSeq)
                            report.events += record.events.count
                            report.archived[status.rawValue, default: 0] += 1
                        } catch let error as SessionError where Self.skippable.contains(error.code) {
                            report.skipped += 1
                        }
                    }
                }
                guard page.count == batchSize, let last = page.last, let endedAt = last.endedAt else { break }
                after = (endedAt, last.id)
            }
        }
        if !dryRun {
            let purge = try await purgeTrash(trashedBefore: Timestamp(milliseconds: now.milliseconds - policy.trashGrace.milliseconds))
            report.purged = purge.purge.erased.sessions
        }
        return report
    }
}

extension SessionManager {
    /// Places a legal hold, audited as `hold.place` by `actor`. A `session` or `tree` target is
    /// a session id; a tree hold is placed on that session's root.
    @discardableResult
    public func placeHold(_ scope: LegalHold.Scope, target: String, reason: String, actor: String) async throws -> LegalHold {
        guard !reason.isEmpty, reason.utf8.count <= 1024 else { throw SessionError(.invalidArgument, "reason must be 1 to 1024 bytes") }
        let resolved = try await holdTarget(scope, target)
        let hold = LegalHold(scope: scope, target: resolved, reason: reason, placedBy: actor, placedAt: clock.now())
        try await store.placeHold(hold)
        _ = try await store.appendAudit(
            AuditEntry(time: hold.placedAt, actor: actor, action: "hold.place", target: "\(scope.rawValue):\(resolved)", details: ["reason": .string(reason)]))
        return hold
    }

    /// Releases a legal hold, audited as `hold.release`; false if none was in force.
    public func releaseHold(_ scope: LegalHold.Scope, target: String, actor: String) async throws -> Bool {
        let resolved = try await holdTarget(scope, target)
        let released = try await store.releaseHold(scope: scope, target: resolved)
        if released {
            _ = try await store.appendAudit(AuditEntry(time: clock.now(), actor: actor, action: "hold.release", target: "\(scope.rawValue):\(resolved)"))
        }
        return released
    }

    private func holdTarget(_ scope: LegalHold.Scope, _ target: String) async throws -> String {
        guard scope != .user else {
            guard !target.isEmpty else { throw SessionError(.invalidArgument, "a user hold needs a user id") }
            return target
        }
        guard let id = UUID(text: target) else { throw SessionError(.invalidArgument, "\(target) is not a session id") }
        let session = try await self.session(id)
        return (scope == .tree ? session.rootID : session.id).lowercased
    }

    /// ``runRetention(_:archive:dryRun:batchSize:)``, audited as `retention.run` with its report
    /// when it archived anything.
    public func runRetention(_ policy: RetentionPolicy, archive: any ArchiveStore, dryRun: Bool = false, actor: String) async throws -> RetentionReport {
        let report = try await runRetention(policy, archive: archive, dryRun: dryRun)
        if !dryRun, report.total > 0 || report.skipped > 0 || report.purged > 0 {
            _ = try await store.appendAudit(AuditEntry(time: clock.now(), actor: actor, action: "retention.run", target: nil, details: report.json))
        }
        return report
    }
}

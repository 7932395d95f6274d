public import SessionCore
import Logging
import SessionStore

extension SessionManager {
    /// What one sweeper pass did.
    public struct SweepReport: Sendable, Hashable {
        /// Sessions whose deadline had come.
        public var checked = 0
        public var idled = 0
        public var warned = 0
        public var expired = 0
        /// Failed with `heartbeat_lost`.
        public var lost = 0
        /// Children terminated because their parent ended.
        public var cascaded = 0

        public init() {}

        public var json: JSONValue {
            [
                "checked": .int(Int64(checked)), "idled": .int(Int64(idled)), "warned": .int(Int64(warned)),
                "expired": .int(Int64(expired)), "lost": .int(Int64(lost)), "cascaded": .int(Int64(cascaded)),
            ]
        }
    }

    /// One sweeper pass at the clock's now: idles, warns, expires and fails sessions whose
    /// deadlines have passed. Idempotent: a second pass at the same time does nothing.
    ///
    /// - Parameter batchSize: due sessions read per query.
    public func sweep(batchSize: Int = 500) async throws -> SweepReport {
        let now = clock.now()
        let interval = configuration.snapshotInterval
        var report = SweepReport()
        var seen = Set<Session.ID>()
        while true {
            let due = try await store.dueSessions(at: now, limit: batchSize).filter { !seen.contains($0.id) }
            if due.isEmpty { break }
            for candidate in due {
                seen.insert(candidate.id)
                report.checked += 1
                let change: SessionChange
                do {
                    change = try await measure("sweep") {
                        try await store.update(candidate.id, idempotencyKeys: []) { session, _ in
                            var builder = SessionChangeBuilder(session: session, now: now, snapshotInterval: interval)
                            try builder.sweep()
                            return builder.build()
                        }
                    }
                } catch let error as SessionError where error.code == .sessionNotFound {
                    continue
                }
                committed(change)
                for fact in change.facts {
                    switch fact {
                    case .transitioned(let transition) where transition.to == .idle: report.idled += 1
                    case .transitioned(let transition) where transition.to == .expired: report.expired += 1
                    case .transitioned(let transition) where transition.to == .failed: report.lost += 1
                    case .warned: report.warned += 1
                    default: break
                    }
                }
                let before = try await cascadeCount(change)
                report.cascaded += before
            }
        }
        if report.checked > 0 {
            logger.debug("sweep done", metadata: ["sweep.checked": "\(report.checked)", "sweep.expired": "\(report.expired)"])
        }
        return report
    }

    private func cascadeCount(_ change: SessionChange) async throws -> Int {
        guard change.ended else { return 0 }
        let liveBefore = try await store.descendants(of: change.session.id).filter { $0.status.isLive }.count
        try await afterChange(change)
        let liveAfter = try await store.descendants(of: change.session.id).filter { $0.status.isLive }.count
        return liveBefore - liveAfter
    }
}

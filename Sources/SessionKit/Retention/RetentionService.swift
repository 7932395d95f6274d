public import Logging
public import SessionCore
public import ServiceLifecycle

/// Retention inside `sessiond serve`: runs ``SessionManager/runRetention(_:archive:dryRun:actor:)``
/// every ``RetentionPolicy/interval`` until graceful shutdown, first one interval after start.
///
/// Several instances on one database may each run it: a session archived by one is skipped by
/// the others (its row changed), so nothing is archived twice.
public struct RetentionService<C: Clock>: Service where C.Duration == Duration {
    public let manager: SessionManager
    public let policy: RetentionPolicy
    public let archive: any ArchiveStore
    let clock: C
    let logger: Logger

    public init(manager: SessionManager, policy: RetentionPolicy, archive: any ArchiveStore, clock: C, logger: Logger = Logger(label: "sessiond.retention")) {
        self.manager = manager
        self.policy = policy
        self.archive = archive
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let (clock, interval) = (self.clock, policy.interval)
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                return  // cancelled or shutting down
            }
            do {
                let report = try await manager.runRetention(policy, archive: archive, actor: "sessiond")
                if report.total > 0 || report.skipped > 0 || report.purged > 0 {
                    logger.info(
                        "retention archived sessions",
                        metadata: [
                            "retention.sessions": "\(report.total)", "retention.events": "\(report.events)", "retention.skipped": "\(report.skipped)",
                            "retention.purged": "\(report.purged)",
                        ])
                }
            } catch {
                logger.error("retention failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension RetentionService where C == ContinuousClock {
    public init(manager: SessionManager, policy: RetentionPolicy, archive: any ArchiveStore, logger: Logger = Logger(label: "sessiond.retention")) {
        self.init(manager: manager, policy: policy, archive: archive, clock: ContinuousClock(), logger: logger)
    }
}

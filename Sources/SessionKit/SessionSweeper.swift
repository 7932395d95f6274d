public import Logging
public import ServiceLifecycle

/// The background sweeper: runs ``SessionManager/sweep(batchSize:)`` every ``interval``
/// until graceful shutdown.
public struct SessionSweeper<C: Clock>: Service where C.Duration == Duration {
    public let manager: SessionManager
    public let interval: Duration
    let clock: C
    let logger: Logger

    public init(manager: SessionManager, interval: Duration = .seconds(5), clock: C, logger: Logger = Logger(label: "sessiond.sweeper")) {
        self.manager = manager
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await manager.sweep()
            } catch {
                logger.error("sweep failed", metadata: ["error": "\(error)"])
            }
            do {
                let clock = self.clock
                let interval = self.interval
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                return  // cancelled or shutting down
            }
        }
    }
}

extension SessionSweeper where C == ContinuousClock {
    public init(manager: SessionManager, interval: Duration = .seconds(5), logger: Logger = Logger(label: "sessiond.sweeper")) {
        self.init(manager: manager, interval: interval, clock: ContinuousClock(), logger: logger)
    }
}

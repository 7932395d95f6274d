package import Logging

extension SessionManager {
    /// This engine on another clock and logger: same store, configuration and change signal,
    /// so live streams still wake on its writes.
    package func with(clock: any WallClock, logger: Logger) -> SessionManager {
        SessionManager(copying: self, clock: clock, logger: logger)
    }

    private init(copying other: SessionManager, clock: any WallClock, logger: Logger) {
        store = other.store
        configuration = other.configuration
        changes = other.changes
        self.clock = clock
        self.logger = logger
    }
}

public import ServiceLifecycle
import SessionStore

/// Wakes this process's live subscriptions when another process stores events: runs the
/// store's ``SessionStore/watchChanges(_:)`` (PostgreSQL `LISTEN`) into
/// ``SessionManager/changes`` until graceful shutdown.
///
/// On a backend without notifications it just waits for shutdown; subscribers poll.
public struct ChangeWatcher: Service {
    public let manager: SessionManager

    public init(manager: SessionManager) {
        self.manager = manager
    }

    public func run() async throws {
        let manager = self.manager
        try? await cancelWhenGracefulShutdown {
            try await manager.store.watchChanges { manager.changes.notify() }
        }
        // A backend that cannot watch returns at once: stay up until shutdown, as a service must.
        try? await gracefulShutdown()
    }
}

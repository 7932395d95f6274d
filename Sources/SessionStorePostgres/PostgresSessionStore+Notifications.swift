import Logging
import PostgresNIO
import SessionStore

extension PostgresSessionStore {
    /// The channel every commit that stores events notifies: one per schema, so instances that
    /// share a database but not a schema do not wake each other.
    var notificationChannel: String {
        let schema = (configuration.schema ?? "public").filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return String("sessiond_events_\(schema)".prefix(63))
    }

    /// Listens on ``notificationChannel`` (PostgreSQL `LISTEN`) and calls `onChange` for each
    /// commit of another instance, and once after each (re)connect for what it may have missed.
    /// Holds one pooled connection while it runs; reconnects after a second when it is lost.
    public func watchChanges(_ onChange: @escaping @Sendable () -> Void) async throws {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: notificationChannel) { notifications in
                        onChange()
                        for try await _ in notifications { onChange() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("lost the notification listener", metadata: ["store.backend": "postgres", "error": "\(String(reflecting: type(of: error)))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}

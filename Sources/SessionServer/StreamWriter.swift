import Hummingbird
import NIOCore
import Synchronization

/// The writing end of one live stream, shared by the task that produces the stream and the
/// watchdog that drops the connection when a write stalls.
///
/// A write waits while the connection's send buffers are full (backpressure), so a reader that
/// stops reading suspends its stream instead of growing server memory. Suspended for longer than
/// the timeout, the stream is given up: the watchdog throws ``SlowConsumer``, the task group
/// cancels the producer, and the cancelled write fails and closes the connection.
final class StreamWriter: @unchecked Sendable {
    /// Thrown by ``watch(timeout:clock:)`` when one write has waited longer than the timeout.
    struct SlowConsumer: Error {}

    // Only the producer task touches `writer` while the stream runs, and only the task that ran
    // the group finishes it afterwards: never two tasks at once, hence the unchecked Sendable.
    private var writer: any ResponseBodyWriter
    private let pendingSince = Mutex<ContinuousClock.Instant?>(nil)

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    /// Writes `buffer`, recording how long the write waits for the reader.
    func write(_ buffer: ByteBuffer) async throws {
        pendingSince.withLock { $0 = ContinuousClock.now }
        defer { pendingSince.withLock { $0 = nil } }
        try await writer.write(buffer)
    }

    func finish() async throws {
        try await writer.finish(nil)
    }

    /// Returns when cancelled; throws ``SlowConsumer`` once a write has been pending for `timeout`.
    func watch(timeout: Duration) async throws {
        let clock = ContinuousClock()
        let interval = max(min(timeout / 4, .seconds(1)), .milliseconds(1))
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
            if let since = pendingSince.withLock({ $0 }), clock.now - since > timeout {
                throw SlowConsumer()
            }
        }
    }
}

import Synchronization
public import SessionCore

/// Alert transitions of this process for its live streams: the evaluator publishes each
/// transition it stored, streams read what came after the sequence number they last saw.
///
/// Keeps the newest ``capacity`` transitions; a stream that falls further behind skips the
/// oldest (alerts stay listed at `/v1/alerts`).
public final class AlertFeed: Sendable {
    /// One published transition: a fired alert (`state` firing) or a resolved one.
    public struct Entry: Sendable, Hashable {
        public var sequence: UInt64
        public var alert: Alert
    }

    public let capacity: Int
    private let state = Mutex<(last: UInt64, entries: [Entry])>((0, []))

    public init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The sequence number of the newest entry (0 before any).
    public var lastSequence: UInt64 { state.withLock { $0.last } }

    /// Adds `alert` as the newest entry.
    public func publish(_ alert: Alert) {
        state.withLock { state in
            state.last += 1
            state.entries.append(Entry(sequence: state.last, alert: alert))
            if state.entries.count > capacity { state.entries.removeFirst(state.entries.count - capacity) }
        }
    }

    /// The entries after `sequence`, oldest first.
    public func entries(after sequence: UInt64) -> [Entry] {
        state.withLock { $0.entries.filter { $0.sequence > sequence } }
    }
}

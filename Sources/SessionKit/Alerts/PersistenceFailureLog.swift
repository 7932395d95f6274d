import Synchronization
public import SessionCore

/// When this process's store operations last failed for the store's reasons (`unavailable`,
/// `corrupted`): what the persistence-failure alert rule reads. Keeps the newest ``capacity``.
public final class PersistenceFailureLog: Sendable {
    public let capacity: Int
    private let times = Mutex<[Timestamp]>([])

    public init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// Records a failure at `time`.
    public func record(_ time: Timestamp) {
        times.withLock { times in
            times.append(time)
            if times.count > capacity { times.removeFirst(times.count - capacity) }
        }
    }

    /// The recorded failures after `time`, oldest first.
    public func failures(after time: Timestamp) -> [Timestamp] {
        times.withLock { $0.filter { $0 > time } }
    }
}

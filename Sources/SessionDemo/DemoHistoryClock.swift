import SessionCore
import SessionKit
import Synchronization

/// The clock a demo history is written on: set to each step's time before it is played.
final class DemoHistoryClock: WallClock {
    private let current: Mutex<Timestamp>

    init(_ start: Timestamp) {
        current = Mutex(start)
    }

    func now() -> Timestamp { current.withLock { $0 } }

    func set(_ time: Timestamp) { current.withLock { $0 = time } }
}

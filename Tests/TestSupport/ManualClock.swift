public import SessionCore
public import SessionKit
import Synchronization

/// A wall clock that moves only when a test says so: what the engine reads as "now".
public final class ManualClock: WallClock {
    /// Where a manual clock starts unless told otherwise: 2026-09-21T14:13:20Z.
    public static let defaultStart = Timestamp(milliseconds: 1_790_000_000_000)

    private let current: Mutex<Timestamp>

    public init(_ start: Timestamp = ManualClock.defaultStart) {
        current = Mutex(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock on by `duration`.
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.adding(duration) }
    }
}

/// A `Clock` whose sleeps return at once after moving a ``ManualClock`` on by the slept
/// duration: a service's loop (the sweeper, the demo generator) runs on test time, with no real
/// waiting.
public struct SteppingClock: Clock {
    public struct Instant: InstantProtocol {
        public var offset: Duration

        public init(offset: Duration) {
            self.offset = offset
        }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    /// The wall clock each sleep moves on.
    public let wall: ManualClock
    private let elapsed = Elapsed()

    public init(driving wall: ManualClock) {
        self.wall = wall
    }

    public var now: Instant { Instant(offset: elapsed.value) }
    public var minimumResolution: Duration { .milliseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let step = max(.zero, now.duration(to: deadline))
        elapsed.add(step)
        wall.advance(by: step)
        await Task.yield()
        try Task.checkCancellation()
    }

    private final class Elapsed: Sendable {
        private let total = Mutex(Duration.zero)
        var value: Duration { total.withLock { $0 } }
        func add(_ duration: Duration) { total.withLock { $0 += duration } }
    }
}

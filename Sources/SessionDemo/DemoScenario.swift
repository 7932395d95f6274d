package import SessionCore

/// Simulated tool and agent sessions, as timed steps: a week of history, then a live stream.
///
/// Pure and deterministic: the same seed and the same times give the same steps. Nothing here
/// touches a store; a player maps the steps onto an engine.
///
/// ```swift
/// var scenario = DemoScenario(seed: 42)
/// let past = scenario.history(now: now, roots: 200, span: .seconds(7 * 86_400))  // sorted by time
/// let due = scenario.advance(to: now)   // then, on every tick, the live steps that are due
/// ```
package struct DemoScenario: Sendable {
    var rng: DemoRandom
    /// The next session key.
    var nextKey = 0
    /// Sessions (sub-agents included) kept running live, between these bounds.
    package var liveSessions: ClosedRange<Int>
    private var target: Int
    private var warmedUp = false
    /// Live steps not yet due, by time then scheduling order.
    private var pending: [(step: DemoStep, order: Int)] = []
    private var order = 0
    /// Live sessions still to act: key → the time of its last step.
    private var running: [Int: Timestamp] = [:]

    /// - Parameters:
    ///   - seed: the random number generator's seed.
    ///   - liveSessions: how many sessions, sub-agents included, ``advance(to:)`` keeps running.
    package init(seed: UInt64, liveSessions: ClosedRange<Int> = 5...10) {
        rng = DemoRandom(seed: seed)
        self.liveSessions = liveSessions
        target = liveSessions.upperBound
    }

    /// Live sessions with steps still to come.
    package var runningSessions: Int { running.count }

    // MARK: History

    /// About `roots` root sessions (sub-agents come on top) started over the `span` before
    /// `now`, more on weekdays and in working hours (UTC), each finished by `now`; sorted by time.
    package mutating func history(now: Timestamp, roots: Int, span: Duration) -> [DemoStep] {
        let hourMs: Int64 = 3_600_000
        let from = now.milliseconds - span.milliseconds
        var slots: [(start: Int64, weight: Double)] = []
        var slot = from - ((from % hourMs) + hourMs) % hourMs
        while slot < now.milliseconds {
            slots.append((slot, Self.intensity(Timestamp(milliseconds: slot))))
            slot += hourMs
        }
        let total = slots.reduce(0) { $0 + $1.weight }
        guard total > 0, roots > 0 else { return [] }
        var steps: [DemoStep] = []
        for slot in slots {
            let expected = Double(roots) * slot.weight / total
            var count = Int(expected)
            if rng.chance(expected - Double(count)) { count += 1 }
            for _ in 0..<count {
                let start = slot.start + rng.milliseconds(0...(hourMs - 1))
                guard start >= from, start < now.milliseconds else { continue }
                let session = script(start: Timestamp(milliseconds: start), pacing: .history)
                // Only what is over by now: the live part takes over from there.
                guard let last = session.last?.at, last < now else { continue }
                steps.append(contentsOf: session)
            }
        }
        return Self.ordered(steps)
    }

    /// How busy an hour is, relative to a weekday morning: working hours on weekdays the most.
    package static func intensity(_ time: Timestamp) -> Double {
        let (weekday, hour) = weekdayAndHour(time)
        let hours: [Double] = [
            0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.15, 0.4, 0.8, 1.0, 1.0, 0.9,
            0.6, 0.85, 1.0, 1.0, 0.9, 0.7, 0.45, 0.3, 0.25, 0.2, 0.12, 0.08,
        ]
        let days: [Double] = [1.0, 1.0, 1.0, 0.95, 0.75, 0.2, 0.15]
        return hours[hour] * days[weekday]
    }

    /// Monday is 0; hours in UTC.
    package static func weekdayAndHour(_ time: Timestamp) -> (weekday: Int, hour: Int) {
        let dayMs: Int64 = 86_400_000
        let ms = time.milliseconds
        let days = ms >= 0 ? ms / dayMs : (ms - dayMs + 1) / dayMs
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        return (Int(((days + 3) % 7 + 7) % 7), Int((ms - days * dayMs) / 3_600_000))
    }

    // MARK: Live

    /// The live steps due by `now`, in order: starts a root session now and then while fewer
    /// sessions than the target are running (a few at once on the first call), and ends none
    /// itself: each session's script ends it, fails it, or leaves it to time out.
    package mutating func advance(to now: Timestamp) -> [DemoStep] {
        running = running.filter { $0.value >= now }
        if !warmedUp {
            warmedUp = true
            var at = now
            while running.count < liveSessions.lowerBound {
                schedule(script(start: at, pacing: .live))
                at = at.adding(.milliseconds(rng.milliseconds(200...1_200)))
            }
            target = rng.int(liveSessions)
        } else if running.count < target, rng.chance(0.2) {
            schedule(script(start: now, pacing: .live))
            target = rng.int(liveSessions)
        }
        var due: [DemoStep] = []
        var taken = 0
        while taken < pending.count, pending[taken].step.at <= now {
            due.append(pending[taken].step)
            taken += 1
        }
        pending.removeFirst(taken)
        return due
    }

    private mutating func schedule(_ steps: [DemoStep]) {
        for step in steps {
            running[step.session] = max(running[step.session] ?? step.at, step.at)
            pending.append((step, order))
            order += 1
        }
        pending.sort { ($0.step.at, $0.order) < ($1.step.at, $1.order) }
    }

    /// By time; steps at the same time keep their order.
    static func ordered(_ steps: [DemoStep]) -> [DemoStep] {
        steps.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}

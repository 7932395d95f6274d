/// When to try again: exponential backoff, capped, with optional jitter. The one retry policy of
/// the client (503s and connection errors), the alert webhooks and the OTLP exporter.
///
/// The wait after failed try `n` is bounded by `min(maxDelay, baseDelay * 2^(n-1))`; with
/// ``Jitter-swift.enum/full`` it is drawn from `0...bound`, with ``Jitter-swift.enum/half`` from
/// `bound/2...bound`, with ``Jitter-swift.enum/none`` it is the bound.
public struct RetryPolicy: Sendable, Hashable {
    /// How a wait is drawn below its bound.
    public enum Jitter: Sendable, Hashable {
        /// Exactly the bound.
        case none
        /// Anywhere in `0...bound` (spreads retries of many clients the most).
        case full
        /// Between half the bound and the bound.
        case half
    }

    /// Tries in all, the first included; 1 never retries. Default 4.
    public var maxAttempts: Int
    /// The bound of the first wait. Default 100 ms.
    public var baseDelay: Duration
    /// The largest bound. Default 5 s.
    public var maxDelay: Duration
    /// Default ``Jitter-swift.enum/full``.
    public var jitter: Jitter

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5), jitter: Jitter = .full) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// Whether another try follows failed try `attempt` (1-based).
    public func retries(afterAttempt attempt: Int) -> Bool { attempt < maxAttempts }

    /// The upper bound of the wait after failed try `attempt` (1-based).
    public func bound(afterAttempt attempt: Int) -> Duration {
        let base = max(0, baseDelay.milliseconds)
        let cap = max(0, maxDelay.milliseconds)
        let shift = min(max(0, attempt - 1), 40)
        let (scaled, overflow) = base.multipliedReportingOverflow(by: Int64(1) << Int64(shift))
        return .milliseconds(overflow ? cap : min(cap, scaled))
    }

    /// The wait after failed try `attempt`: ``bound(afterAttempt:)``, jittered with `generator`.
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let bound = bound(afterAttempt: attempt).milliseconds
        guard bound > 0 else { return .zero }
        switch jitter {
        case .none: return .milliseconds(bound)
        case .full: return .milliseconds(Int64.random(in: 0...bound, using: &generator))
        case .half: return .milliseconds(Int64.random(in: (bound / 2)...bound, using: &generator))
        }
    }

    /// The wait after failed try `attempt`, jittered with the system's generator.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }
}

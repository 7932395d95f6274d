import SessionCore

extension SessionClient {
    /// Where the server is and how to talk to it.
    public struct Configuration: Sendable {
        /// The server, e.g. `http://127.0.0.1:7411` (no trailing path).
        public var baseURL: String
        /// Sent as `Authorization: Bearer TOKEN` when set. Default: none.
        public var token: String?
        /// Longest wait for a connection. Default 5 s.
        public var connectTimeout: Duration = .seconds(5)
        /// Longest wait for one answer. Default 30 s.
        public var requestTimeout: Duration = .seconds(30)
        /// Largest answer read. Default 64 MiB.
        public var maxResponseBytes: Int = 64 << 20
        /// When and how often to retry 503 answers and connection errors.
        public var retry: RetryPolicy = RetryPolicy()
        /// Waits between retries and heartbeats; tests inject one that returns at once.
        public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

        public init(baseURL: String, token: String? = nil) {
            self.baseURL = baseURL
            self.token = token
        }
    }

    /// Exponential backoff with full jitter: before try `n + 1`, wait a random time in
    /// `0...min(maxDelay, baseDelay * 2^(n-1))` (or exactly that bound without jitter).
    /// Only 503 answers and connection errors are retried, never a 4xx.
    public struct RetryPolicy: Sendable, Hashable {
        /// Tries in all, the first included; 1 never retries. Default 4.
        public var maxAttempts: Int = 4
        /// The bound of the first wait. Default 100 ms.
        public var baseDelay: Duration = .milliseconds(100)
        /// The largest bound. Default 5 s.
        public var maxDelay: Duration = .seconds(5)
        /// Full jitter (random in `0...bound`). Default `true`.
        public var jitter: Bool = true

        public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5), jitter: Bool = true) {
            self.maxAttempts = maxAttempts
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
            self.jitter = jitter
        }

        /// The upper bound of the wait after failed try `attempt` (1-based).
        public func bound(afterAttempt attempt: Int) -> Duration {
            let base = max(0, baseDelay.milliseconds)
            let cap = max(0, maxDelay.milliseconds)
            let shift = min(max(0, attempt - 1), 40)
            let (scaled, overflow) = base.multipliedReportingOverflow(by: Int64(1) << Int64(shift))
            return .milliseconds(overflow ? cap : min(cap, scaled))
        }

        /// The wait after failed try `attempt`: ``bound(afterAttempt:)``, jittered.
        public func delay(afterAttempt attempt: Int) -> Duration {
            let bound = bound(afterAttempt: attempt).milliseconds
            guard jitter, bound > 0 else { return .milliseconds(bound) }
            return .milliseconds(Int64.random(in: 0...bound))
        }
    }
}

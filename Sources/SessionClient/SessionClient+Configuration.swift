public import SessionCore

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
}

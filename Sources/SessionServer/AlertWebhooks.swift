import AsyncHTTPClient
public import Logging
import NIOCore
import NIOHTTP1
public import ServiceLifecycle
public import SessionCore

/// Posts alert transitions to the configured webhook URLs, as a `Service`.
///
/// ``enqueue(_:)`` never waits: transitions go into a bounded queue (the newest are dropped,
/// with a log line, when it is full) and ``run()`` posts them in order, each to every URL at
/// once, as `POST URL` with `Content-Type: application/json` and the body
/// `{"alert": {...}, "state": "firing"|"resolved"}` (``AlertNotification``). A URL that does not
/// answer 2xx is tried again after an exponential backoff with jitter, up to
/// ``Configuration-swift.struct/retry``'s attempts in all.
public final class AlertWebhooks: Service, Sendable {
    /// Where and how hard to deliver.
    public struct Configuration: Sendable {
        /// Webhook URLs. `--alert-webhook` (repeatable), `SESSIOND_ALERT_WEBHOOKS` (comma-separated),
        /// `alert_webhooks` in the config file. Default: none.
        public var urls: [String] = []
        /// Tries per URL and transition, and the waits between them: 5 tries, 500 ms before the
        /// second, doubled for each further one up to 30 s, each drawn between half and all of it.
        public var retry = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(30), jitter: .half)
        /// How the waits between tries are slept; tests pass one that returns at once.
        public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        /// Per-request timeout (default 10 s).
        public var timeout: Duration = .seconds(10)
        /// Transitions waiting to be posted at most (default 1000).
        public var queueCapacity: Int = 1000

        public init(urls: [String] = []) {
            self.urls = urls
        }
    }

    public let configuration: Configuration
    let client: HTTPClient
    let logger: Logger
    private let stream: AsyncStream<Alert>
    private let continuation: AsyncStream<Alert>.Continuation

    /// Posts with `HTTPClient.shared` (AsyncHTTPClient).
    public init(configuration: Configuration, logger: Logger = Logger(label: "sessiond.alerts.webhooks")) {
        self.configuration = configuration
        self.client = .shared
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: Alert.self, bufferingPolicy: .bufferingOldest(configuration.queueCapacity))
    }

    /// Queues `alert` for every URL; returns at once.
    public func enqueue(_ alert: Alert) {
        guard !configuration.urls.isEmpty else { return }
        if case .dropped = continuation.yield(alert) {
            logger.warning("alert webhook queue full: transition dropped", metadata: ["alert.rule": "\(alert.rule)"])
        }
    }

    public func run() async throws {
        for await alert in stream.cancelOnGracefulShutdown() {
            await withTaskGroup(of: Void.self) { group in
                for url in configuration.urls {
                    group.addTask { _ = await self.deliver(alert, to: url) }
                }
            }
        }
    }

    /// Posts `alert` to `url`, trying again on failure. Returns whether a 2xx answer came.
    func deliver(_ alert: Alert, to url: String) async -> Bool {
        let body = JSONWriter.string(AlertNotification.body(alert))
        let retry = configuration.retry
        for attempt in 1...max(1, retry.maxAttempts) {
            do {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "User-Agent", value: "sessiond")
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await client.execute(request, timeout: .nanoseconds(configuration.timeout.nanoseconds))
                if (200..<300).contains(response.status.code) { return true }
                logger.debug(
                    "alert webhook refused", metadata: ["alert.rule": "\(alert.rule)", "http.status": "\(response.status.code)", "attempt": "\(attempt)"])
            } catch {
                logger.debug("alert webhook failed", metadata: ["alert.rule": "\(alert.rule)", "error": "\(error)", "attempt": "\(attempt)"])
            }
            if !retry.retries(afterAttempt: attempt) || Task.isCancelled { break }
            do { try await configuration.sleep(retry.delay(afterAttempt: attempt)) } catch { break }
        }
        // The URL may carry a secret (a token in its path): it is not logged.
        logger.warning("alert webhook delivery gave up", metadata: ["alert.rule": "\(alert.rule)", "alert.id": "\(alert.id.lowercased)"])
        return false
    }
}

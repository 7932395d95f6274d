public import SessionCore

/// Where and how ``OTLPExporter`` sends spans. ``init(environment:)`` reads OpenTelemetry's
/// standard `OTEL_*` variables.
public struct OTLPConfiguration: Sendable {
    /// The wire format of an export request.
    public struct WireProtocol: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String { case protobuf = "http/protobuf", json = "http/json" }
        private let base: Base
        /// `application/x-protobuf`, OTLP's default.
        public static let httpProtobuf = WireProtocol(base: .protobuf)
        /// `application/json`.
        public static let httpJSON = WireProtocol(base: .json)
        public var description: String { base.rawValue }
        public var contentType: String { self == .httpJSON ? "application/json" : "application/x-protobuf" }

        public init?(_ text: String) {
            guard let base = Base(rawValue: text) else { return nil }
            self.base = base
        }

        private init(base: Base) { self.base = base }
    }

    /// The full URL export requests go to, e.g. `http://collector:4318/v1/traces`.
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`.
    public var endpoint: String
    /// `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL`: `http/protobuf` (default) or `http/json`.
    public var wireProtocol: WireProtocol = .httpProtobuf
    /// Sent with every export request: `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS` (`k=v,k2=v2`).
    public var headers: [String: String] = [:]
    /// One request's time limit: `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT` in ms, default 10 s.
    public var timeout: Duration = .seconds(10)
    /// `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`; default `parentbased_always_on`.
    public var sampler: TraceSampler = .parentBased(.alwaysOn)
    /// The resource: `service.name` (`OTEL_SERVICE_NAME`, default `sessiond`), then
    /// `OTEL_RESOURCE_ATTRIBUTES` (`k=v,k2=v2`).
    public var serviceName = "sessiond"
    public var resourceAttributes: [String: String] = [:]
    /// Longest time an ended span waits before it is sent: `OTEL_BSP_SCHEDULE_DELAY` in ms,
    /// default 1 s (the OpenTelemetry default is 5 s; spans show up sooner this way at no cost).
    public var scheduleDelay: Duration = .seconds(1)
    /// Ended spans waiting to be sent, at most: more are dropped (and counted in a warning).
    /// `OTEL_BSP_MAX_QUEUE_SIZE`, default 16384 (OpenTelemetry's 2048 drops spans of a busy
    /// server between two exports).
    public var maxQueueSize = 16_384
    /// Spans per request, at most; a full batch is sent at once. `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`,
    /// default 2048.
    public var maxExportBatchSize = 2_048
    /// Tries of a request that fails on the network or with 429, 502, 503 or 504, and the waits
    /// between them (unless the server's `Retry-After` says): 4 tries, 500 ms before the second,
    /// doubled each time, no jitter.
    public var retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(500), maxDelay: .seconds(30), jitter: .none)

    public init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// `service.name` first, then the other resource attributes by key.
    package var resource: [(key: String, value: String)] {
        [("service.name", serviceName), ("telemetry.sdk.language", "swift"), ("telemetry.sdk.name", "sessiond")]
            + resourceAttributes.filter { $0.key != "service.name" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

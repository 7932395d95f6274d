import AsyncHTTPClient
import Logging
import SessionCore
import NIOCore
import NIOHTTP1
public import ServiceLifecycle

/// Sends the spans of an ``OTLPTracer`` to an OpenTelemetry collector over OTLP/HTTP: when a
/// batch is full, on the configured schedule, on `forceFlush()`, and whatever is left on
/// graceful shutdown. Run it in the `ServiceGroup`, after the services that make spans, so it
/// shuts down last.
public struct OTLPExporter<C: Clock>: Service where C.Duration == Duration {
    private let configuration: OTLPConfiguration
    private let buffer: SpanBuffer
    private let encoder: OTLPTraceEncoder
    private let logger: Logger
    private let clock: C

    init(configuration: OTLPConfiguration, buffer: SpanBuffer, logger: Logger, clock: C) {
        self.configuration = configuration
        self.buffer = buffer
        self.encoder = OTLPTraceEncoder(resource: configuration.resource, scope: "sessiond")
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        await withTaskGroup(of: Void.self) { group in
            // The schedule: a wake-up every delay, so a quiet server's spans still go out.
            group.addTask { [buffer, clock, delay = configuration.scheduleDelay] in
                while (try? await clock.sleep(for: delay)) != nil { buffer.wake() }
            }
            await withGracefulShutdownHandler {
                for await _ in buffer.wakes { await exportQueued(client) }
            } onGracefulShutdown: {
                buffer.finish()
            }
            group.cancelAll()
        }
        await exportQueued(client)
        try? await client.shutdown()
    }

    /// Sends everything queued, a batch per request.
    private func exportQueued(_ client: HTTPClient) async {
        var (spans, dropped) = buffer.drain()
        if dropped > 0 {
            logger.warning("spans dropped: the export queue was full", metadata: ["otlp.dropped": "\(dropped)", "otlp.queue_size": "\(configuration.maxQueueSize)"])
        }
        var start = spans.startIndex
        while start < spans.endIndex {
            let end = min(start + configuration.maxExportBatchSize, spans.endIndex)
            await send(spans[start..<end], client)
            start = end
        }
        buffer.recycle(&spans)
    }

    private func send(_ spans: ArraySlice<OTLPSpanRecord>, _ client: HTTPClient) async {
        let body = configuration.wireProtocol == .httpJSON ? encoder.json(spans) : encoder.protobuf(spans)
        var request = HTTPClientRequest(url: configuration.endpoint)
        request.method = .POST
        for (name, value) in configuration.headers { request.headers.add(name: name, value: value) }
        request.headers.replaceOrAdd(name: "content-type", value: configuration.wireProtocol.contentType)
        request.headers.replaceOrAdd(name: "user-agent", value: "sessiond")
        let retry = configuration.retry
        for attempt in 1...max(1, retry.maxAttempts) {
            request.body = .bytes(ByteBuffer(bytes: body))
            let failure: String
            var retryAfter: Duration?
            do {
                let response = try await client.execute(request, timeout: .nanoseconds(configuration.timeout.nanoseconds))
                _ = try? await response.body.collect(upTo: 1 << 20)
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return }
                guard [429, 502, 503, 504].contains(status) else {
                    logger.warning("spans rejected by the collector", metadata: ["otlp.status": "\(status)", "otlp.spans": "\(spans.count)"])
                    return
                }
                failure = "status \(status)"
                retryAfter = response.headers.first(name: "retry-after").flatMap(Int.init).map { .seconds(min($0, 60)) }
            } catch {
                failure = "\(error)"
            }
            guard retry.retries(afterAttempt: attempt) else {
                logger.warning("spans not exported", metadata: ["otlp.error": "\(failure)", "otlp.spans": "\(spans.count)", "otlp.attempts": "\(attempt)"])
                return
            }
            do { try await clock.sleep(for: retryAfter ?? retry.delay(afterAttempt: attempt)) } catch { return }
        }
    }
}

import Hummingbird
import Logging
import NIOCore

/// A loopback endpoint that accepts OTLP/HTTP trace exports and discards them: where the
/// benchmark's traced server sends its spans, so tracing costs what it costs in production.
enum OTLPSink {
    static func withSink<T: Sendable>(_ body: (Int) async throws -> T) async throws -> T {
        let router = Router()
        router.post("v1/traces") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 64 << 20)
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"], body: .init(byteBuffer: ByteBuffer()))
        }
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.yield(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "sessiond.bench.otlp-sink")
                logger.logLevel = .critical
                return logger
            }())
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body(bound)
        }
    }
}

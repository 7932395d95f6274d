import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback endpoint that accepts OTLP/HTTP trace exports and discards them: where the
/// benchmark's traced server sends its spans, so tracing costs what it costs in production.
/// It counts the spans of appends it receives, so the benchmark can tell that none was dropped.
final class OTLPSink: Sendable {
    private let counted = Mutex(0)

    /// Request and store spans of appends received so far: each carries its name once in the
    /// protobuf body.
    var appendSpans: Int { counted.withLock { $0 } }

    private static let names = ["POST /v1/sessions/{id}/events", "store.update"].map { Array($0.utf8) }

    private func receive(_ body: ByteBuffer) {
        let found = body.withUnsafeReadableBytes { bytes in Self.names.reduce(0) { $0 + Self.count($1, in: bytes) } }
        counted.withLock { $0 += found }
    }

    /// Occurrences of `needle` in `haystack`, found with memchr and memcmp: the sink shares
    /// the machine with the load, so it must cost next to nothing.
    private static func count(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int {
        guard var cursor = haystack.baseAddress, let first = needle.first else { return 0 }
        let end = cursor + haystack.count
        var found = 0
        needle.withUnsafeBytes { needle in
            while end - cursor >= needle.count, let hit = memchr(cursor, Int32(first), end - cursor) {
                let candidate = UnsafeRawPointer(hit)
                guard end - candidate >= needle.count else { break }
                if memcmp(candidate, needle.baseAddress!, needle.count) == 0 {
                    found += 1
                    cursor = candidate + needle.count
                } else {
                    cursor = candidate + 1
                }
            }
        }
        return found
    }

    static func withSink<T: Sendable>(_ body: (OTLPSink, Int) async throws -> T) async throws -> T {
        let sink = OTLPSink()
        let router = Router()
        router.post("v1/traces") { request, _ -> Response in
            sink.receive(try await request.body.collect(upTo: 64 << 20))
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
            return try await body(sink, bound)
        }
    }
}

public import Hummingbird
import NIOCore

/// A Hummingbird server on a free loopback port for the length of a closure: where tests
/// receive what sessiond sends out (webhooks, OTLP exports).
public enum LoopbackServer {
    /// Serves `router` on 127.0.0.1 with a port the system picks, passes the port to `body`,
    /// and stops the server when `body` returns or throws.
    public static func with<T: Sendable>(_ router: Router<BasicRequestContext>, _ body: (Int) async throws -> T) async throws -> T {
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.yield(channel.localAddress?.port ?? 0) })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body(bound)
        }
    }
}

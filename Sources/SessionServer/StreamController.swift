import CoreMetrics
import HTTPTypes
public import Hummingbird
import NIOCore
import ServiceLifecycle
import SessionCore
public import SessionKit
import SessionStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `GET /v1/stream`: stored events as Server-Sent Events, in position order.
///
/// Each event's SSE `id` is its store-wide `position`; a client that reconnects with
/// `Last-Event-ID` (or `?after=`) gets every later event exactly once. Filters: `session`,
/// `user`, `application`, `type` (repeatable). The stream reads the store a page at a time
/// and writes at most ``writeChunk`` bytes at a time with the connection's backpressure, so a
/// slow reader costs no memory; one that has not taken a write for
/// ``SessionServerConfiguration/streamSlowConsumerTimeout`` is dropped (see ``StreamWriter``;
/// it reconnects with `Last-Event-ID`). Comment lines keep idle connections open.
public struct StreamController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager
    let configuration: SessionServerConfiguration

    public init(manager: SessionManager, configuration: SessionServerConfiguration) {
        self.manager = manager
        self.configuration = configuration
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("stream", use: stream)
    }

    static var lastEventID: HTTPField.Name { HTTPField.Name("Last-Event-ID")! }

    /// Events read per store query.
    static var pageSize: Int { 500 }

    @Sendable func stream(_ request: Request, context: Context) async throws -> Response {
        let q = request.uri.queryParameters
        try context.identity.require(.read)
        var filter = try EventFilter(queryItems: request.queryItems)
        // A user-bound token streams its own user's events, whatever it asks for.
        if let user = context.identity.confinedUser { filter.userID = user }
        let start: Int64
        if let text = request.headers[Self.lastEventID] ?? q["after"].map(String.init) {
            guard let position = Int64(text), position >= 0 else {
                throw SessionError(.invalidArgument, "Last-Event-ID must be an event position")
            }
            start = position
        } else if let text = q["tail"] {
            // The last N events of the store (before filtering), then live ones: a feed that
            // starts at "now" without replaying everything. Last-Event-ID wins on reconnect.
            guard let tail = Int64(text), (0...Int64(PageLimit.maximum)).contains(tail) else {
                throw SessionError(.invalidArgument, "tail must be 0 to \(PageLimit.maximum)")
            }
            start = max(0, try await manager.store.latestPosition() - tail)
        } else {
            start = 0
        }
        // Check the filter against the store before the 200 goes out.
        let first = try await manager.store.events(afterPosition: start, matching: filter, limit: Self.pageSize)
        let manager = self.manager
        let configuration = self.configuration
        let finalFilter = filter
        let body = ResponseBody { writer in
            try await Self.run(writer: &writer, manager: manager, configuration: configuration, filter: finalFilter, after: start, first: first)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
            body: body)
    }

    /// Bytes gathered before a write: the unit the reader's backpressure applies to.
    static var writeChunk: Int { 64 * 1024 }

    static func run(
        writer: inout any ResponseBodyWriter, manager: SessionManager, configuration: SessionServerConfiguration,
        filter: EventFilter, after start: Int64, first: [SessionEvent]
    ) async throws {
        let output = StreamWriter(writer)
        let subscribers = Meter(label: MetricCatalog.streamSubscribers.name, dimensions: [], factory: configuration.metrics.factory)
        subscribers.increment()
        defer { subscribers.decrement() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await produce(output, manager: manager, configuration: configuration, filter: filter, after: start, first: first)
            }
            group.addTask { try await output.watch(timeout: configuration.streamSlowConsumerTimeout) }
            // The producer returns at shutdown; the watchdog throws when the reader stalls, and
            // the group then cancels the producer's pending write, which closes the connection.
            try await group.next()
            group.cancelAll()
        }
        try await output.finish()
    }

    static func produce(
        _ output: StreamWriter, manager: SessionManager, configuration: SessionServerConfiguration,
        filter: EventFilter, after start: Int64, first: [SessionEvent]
    ) async throws {
        let clock = ContinuousClock()
        var position = start
        var page = first
        var lastWrite = clock.now
        // Alerts are server-wide: only for streams that did not ask for one session or user.
        let alerts = filter.sessionID == nil && filter.userID == nil ? configuration.alertFeed : nil
        var alertSequence = alerts?.lastSequence ?? 0
        try await output.write(ByteBuffer(string: ": sessiond stream\n\n"))
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            if let alerts {
                let entries = alerts.entries(after: alertSequence)
                if let last = entries.last {
                    var buffer = ByteBuffer()
                    for entry in entries { buffer.writeBytes(encode(entry.alert)) }
                    try await output.write(buffer)
                    alertSequence = last.sequence
                    lastWrite = clock.now
                }
            }
            if !page.isEmpty {
                var buffer = ByteBuffer()
                for event in page {
                    buffer.writeBytes(encode(event))
                    if buffer.readableBytes >= writeChunk {
                        try await output.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await output.write(buffer) }
                position = page.last!.position
                lastWrite = clock.now
                if page.count == pageSize {
                    page = try await manager.store.events(afterPosition: position, matching: filter, limit: pageSize)
                    continue
                }
            }
            let generation = manager.changes.generation
            page = try await manager.store.events(afterPosition: position, matching: filter, limit: pageSize)
            if !page.isEmpty { continue }
            if clock.now - lastWrite >= configuration.streamKeepAlive {
                try await output.write(ByteBuffer(string: ": keep-alive\n\n"))
                lastWrite = clock.now
            }
            let wait = min(configuration.streamPollInterval, configuration.streamKeepAlive)
            // Returns early on a new event of this process, on shutdown, or after the poll interval.
            await withTaskCancellationOrGracefulShutdownHandler {
                await manager.changes.wait(after: generation, timeout: wait, clock: clock)
            } onCancelOrGracefulShutdown: {
                manager.changes.notify()
            }
            page = try await manager.store.events(afterPosition: position, matching: filter, limit: pageSize)
        }
    }

    /// One SSE message for an alert transition: `event: alert.firing` or `alert.resolved`, `data:
    /// {"alert": ALERT, "state": STATE}`, and no `id`, so `Last-Event-ID` stays an event position.
    static func encode(_ alert: Alert) -> [UInt8] {
        var out: [UInt8] = Array("event: alert.\(alert.state.rawValue)\ndata: ".utf8)
        JSONWriter.write(AlertNotification.body(alert), into: &out)
        out.append(contentsOf: "\n\n".utf8)
        return out
    }

    /// One SSE message: `id: POSITION`, `event: TYPE`, `data: EVENT-JSON`.
    static func encode(_ event: SessionEvent) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(contentsOf: "id: \(event.position)\nevent: \(event.type)\ndata: ".utf8)
        JSONWriter.write(event.json, into: &out)  // compact JSON has no newlines
        out.append(contentsOf: "\n\n".utf8)
        return out
    }
}

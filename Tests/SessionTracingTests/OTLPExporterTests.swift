import Logging
import ServiceLifecycle
import SessionCore
import Testing
import Tracing

@testable import SessionTracing

struct OTLPExporterTests {
    /// Runs an exporter against a loopback receiver; `body` gets the tracer and the receiver.
    static func withExporter(
        _ configure: @Sendable (inout OTLPConfiguration) -> Void = { _ in },
        _ body: @Sendable (OTLPTracer, OTLPTestReceiver, AsyncStream<OTLPTestReceiver.Request>.AsyncIterator) async throws -> Void
    ) async throws {
        try await OTLPTestReceiver.withReceiver { receiver, endpoint in
            var configuration = OTLPConfiguration(endpoint: endpoint)
            configuration.scheduleDelay = .seconds(3600)  // only full batches, flushes and shutdown send
            configuration.retry.baseDelay = .milliseconds(1)
            configure(&configuration)
            let (tracer, exporter) = OTLPTracing.make(configuration: configuration, logger: Logger(label: "test"))
            let group = ServiceGroup(services: [exporter], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await body(tracer, receiver, receiver.received.makeAsyncIterator())
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    static func spanNames(_ request: OTLPTestReceiver.Request) throws -> [String] {
        try ProtobufMessage(request.body).message(1)?.message(2)?.messages(2).compactMap { $0.string(5) } ?? []
    }

    @Test func fullBatchIsSentWithoutWaitingForTheSchedule() async throws {
        try await Self.withExporter({ $0.maxExportBatchSize = 3 }) { tracer, _, arrivals in
            var arrivals = arrivals
            for name in ["a", "b", "c"] { tracer.startSpan(name, context: .topLevel, ofKind: .internal).end() }
            let request = try #require(await arrivals.next())
            #expect(try Self.spanNames(request) == ["a", "b", "c"])
            #expect(request.contentType == "application/x-protobuf")
        }
    }

    @Test func busyCollectorIsRetriedAndGetsTheSameSpans() async throws {
        try await Self.withExporter { tracer, receiver, arrivals in
            var arrivals = arrivals
            receiver.respond(with: [503, 429])
            tracer.startSpan("kept", context: .topLevel, ofKind: .server).end()
            tracer.forceFlush()
            var bodies: [[UInt8]] = []
            for _ in 0..<3 { bodies.append(try #require(await arrivals.next()).body) }
            #expect(Set(bodies).count == 1)
            #expect(try Self.spanNames(receiver.requests[2]) == ["kept"])
        }
    }

    @Test func rejectedRequestIsNotRetried() async throws {
        try await Self.withExporter { tracer, receiver, arrivals in
            var arrivals = arrivals
            receiver.respond(with: [400])
            tracer.startSpan("bad", context: .topLevel, ofKind: .server).end()
            tracer.forceFlush()
            let rejected = try #require(await arrivals.next())
            #expect(try Self.spanNames(rejected) == ["bad"])
            tracer.startSpan("next", context: .topLevel, ofKind: .server).end()
            tracer.forceFlush()
            let next = try #require(await arrivals.next())
            #expect(try Self.spanNames(next) == ["next"])
        }
    }

    @Test func largeQueueGoesOutInBatches() async throws {
        try await Self.withExporter({ $0.maxExportBatchSize = 4 }) { tracer, _, arrivals in
            var arrivals = arrivals
            // Ten spans: two full batches wake the exporter; the flush sends the rest.
            for index in 0..<10 { tracer.startSpan("s\(index)", context: .topLevel, ofKind: .internal).end() }
            tracer.forceFlush()
            var names: [String] = []
            while names.count < 10, let request = await arrivals.next() {
                let batch = try Self.spanNames(request)
                #expect(batch.count <= 4)
                names += batch
            }
            #expect(names == (0..<10).map { "s\($0)" })
        }
    }

    @Test func jsonProtocolAndHeadersAreSent() async throws {
        try await Self.withExporter({
            $0.wireProtocol = .httpJSON
            $0.headers = ["x-api-key": "secret"]
        }) { tracer, _, arrivals in
            var arrivals = arrivals
            tracer.startSpan("json", context: .topLevel, ofKind: .internal).end()
            tracer.forceFlush()
            let request = try #require(await arrivals.next())
            #expect(request.contentType == "application/json")
            #expect(request.headers["x-api-key"] == "secret")
            #expect(String(decoding: request.body, as: UTF8.self).contains(#""name":"json""#))
        }
    }

    @Test func gracefulShutdownSendsWhatIsLeft() async throws {
        try await OTLPTestReceiver.withReceiver { receiver, endpoint in
            var configuration = OTLPConfiguration(endpoint: endpoint)
            configuration.scheduleDelay = .seconds(3600)
            let (tracer, exporter) = OTLPTracing.make(configuration: configuration, logger: Logger(label: "test"))
            let group = ServiceGroup(services: [exporter], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                tracer.startSpan("last", context: .topLevel, ofKind: .internal).end()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()  // run() returns only after the send
            }
            #expect(try receiver.requests.flatMap(Self.spanNames) == ["last"])
        }
    }
}

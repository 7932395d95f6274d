import SessionCore
import Testing
import Tracing

@testable import SessionTracing

struct OTLPTracerTests {
    static func make(_ sampler: TraceSampler = .parentBased(.alwaysOn), capacity: Int = 100) -> (OTLPTracer, SpanBuffer) {
        let buffer = SpanBuffer(capacity: capacity, batchSize: capacity)
        return (OTLPTracer(sampler: sampler, buffer: buffer, ids: TraceIDGenerator(seed: 7)), buffer)
    }

    @Test func childSpanContinuesItsParentsTrace() throws {
        let (tracer, buffer) = Self.make()
        let parent = tracer.startSpan("request", context: .topLevel, ofKind: .server)
        let child = tracer.startSpan("store.update", context: parent.context, ofKind: .client)
        child.attributes["db.system.name"] = "sqlite"
        child.end()
        parent.end()
        let spans = buffer.drain().spans
        #expect(spans.map(\.name) == ["store.update", "request"])
        #expect(spans[0].context.traceID == spans[1].context.traceID)
        #expect(spans[0].parentSpanID == spans[1].context.spanID)
        #expect(spans[1].parentSpanID == 0)
        #expect(spans[0].kind == .client)
        #expect(spans[0].attributes["db.system.name"]?.toSpanAttribute() == .string("sqlite"))
        #expect(spans[0].startNanoseconds <= spans[0].endNanoseconds)
    }

    @Test func callersTraceContinuesThroughTraceparent() throws {
        let (tracer, buffer) = Self.make()
        var context = ServiceContext.topLevel
        tracer.extract(
            ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate": "vendor=1"], into: &context,
            using: DictionaryExtractor())
        let span = tracer.startSpan("request", context: context, ofKind: .server)
        var outgoing: [String: String] = [:]
        tracer.inject(span.context, into: &outgoing, using: DictionaryInjector())
        span.end()
        let record = try #require(buffer.drain().spans.first)
        #expect(record.context.traceID.hex == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(record.parentSpanID == 0x00f0_67aa_0ba9_02b7)
        #expect(record.parentIsRemote)
        #expect(record.context.traceState == "vendor=1")
        #expect(outgoing["traceparent"] == "00-4bf92f3577b34da6a3ce929d0e0e4736-\(Hex.string(record.context.spanID))-01")
        #expect(outgoing["tracestate"] == "vendor=1")
    }

    @Test func unsampledTraceRecordsNothingButKeepsItsIDs() {
        let (tracer, buffer) = Self.make()
        var context = ServiceContext.topLevel
        tracer.extract(["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"], into: &context, using: DictionaryExtractor())
        let span = tracer.startSpan("request", context: context, ofKind: .server)
        span.attributes["x"] = "y"
        span.end()
        #expect(!span.isRecording)
        #expect(span.attributes.isEmpty)
        #expect(span.context.otlpSpanContext?.traceID.hex == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(buffer.drain().spans.isEmpty)
    }

    @Test func spanEndsOnceAndIgnoresLaterChanges() {
        let (tracer, buffer) = Self.make()
        let span = tracer.startSpan("request", context: .topLevel, ofKind: .server)
        span.setStatus(SpanStatus(code: .ok))
        span.setStatus(SpanStatus(code: .error))  // OK is final
        span.recordError(SampleError())
        span.end()
        span.attributes["late"] = true
        span.end()
        let spans = buffer.drain().spans
        #expect(spans.count == 1)
        #expect(spans[0].attributes.isEmpty)
        #expect(spans[0].status?.code == .ok)
        #expect(spans[0].events.map(\.name) == ["exception"])
        #expect(spans[0].events.first?.attributes["exception.message"]?.toSpanAttribute() == .string("sample failure"))
    }

    @Test func fullQueueDropsAndCounts() {
        let (tracer, buffer) = Self.make(capacity: 3)
        for _ in 0..<5 { tracer.startSpan("s", context: .topLevel, ofKind: .internal).end() }
        let drained = buffer.drain()
        #expect(drained.spans.count == 3)
        #expect(drained.dropped == 2)
        #expect(buffer.drain().dropped == 0)
    }

    @Test func alwaysOffMakesNoRecordingSpans() {
        let (tracer, buffer) = Self.make(.alwaysOff)
        let span = tracer.startSpan("s", context: .topLevel, ofKind: .internal)
        span.end()
        #expect(!span.isRecording)
        #expect(buffer.drain().spans.isEmpty)
    }
}

struct SampleError: Error, CustomStringConvertible {
    var description: String { "sample failure" }
}

struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}

struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

struct SpanBufferTests {
    static func span(_ name: String) -> OTLPSpanRecord {
        OTLPSpanRecord(
            context: OTLPSpanContext(traceID: .init(high: 1, low: 1), spanID: 1, isSampled: true), parentSpanID: 0, name: name,
            kind: .internal, startNanoseconds: 1, endNanoseconds: 2)
    }

    @Test func recycledStorageTakesLaterSpans() {
        let buffer = SpanBuffer(capacity: 100, batchSize: 100)
        for index in 0..<40 { buffer.append(Self.span("a\(index)")) }
        var first = buffer.drain().spans
        let capacity = first.capacity
        buffer.recycle(&first)
        #expect(first.isEmpty)
        // The queue and the spare take turns: the spans after the next drain go into the
        // recycled storage instead of an array grown again from nothing.
        buffer.append(Self.span("b"))
        var second = buffer.drain().spans
        #expect(second.map(\.name) == ["b"])
        buffer.recycle(&second)
        buffer.append(Self.span("c"))
        let third = buffer.drain().spans
        #expect(third.map(\.name) == ["c"])
        #expect(third.capacity >= capacity)
    }
}

import Foundation
import Logging
import SessionTracing
import SessionCore
import Tracing

extension EmbeddedBenchmark {
    /// CPU time of the tracing work of one traced append, without I/O: a server span and a
    /// store span under it, with the attributes the server sets, started and ended
    /// (`trace_spans_us`), and their OTLP protobuf encoding (`trace_encode_us`).
    func tracing() {
        let count = 50_000
        var configuration = OTLPConfiguration(endpoint: "http://127.0.0.1:4318/v1/traces")
        configuration.maxQueueSize = 2 * count
        configuration.maxExportBatchSize = 2 * count
        let (tracer, _) = OTLPTracing.make(configuration: configuration, logger: Logger(label: "sessiond.bench"))
        let id = UUID().uuidString.lowercased()
        let clock = ContinuousClock()
        var start = clock.now
        for _ in 0..<count {
            let request = tracer.startSpan("POST /v1/sessions/{id}/events", context: .topLevel, ofKind: .server)
            request.updateAttributes { attributes in
                attributes["http.request.method"] = "POST"
                attributes["http.route"] = "/v1/sessions/{id}/events"
                attributes["session.id"] = id
            }
            let store = tracer.startSpan("store.update", context: request.context, ofKind: .client)
            store.updateAttributes { attributes in
                attributes["db.system.name"] = "sqlite"
                attributes["session.id"] = id
            }
            store.end()
            request.attributes["http.response.status_code"] = 201
            request.end()
        }
        emit("trace_spans_us", (clock.now - start).seconds * 1e6 / Double(count), "us/append")

        let encoder = OTLPTraceEncoder(resource: configuration.resource, scope: "sessiond")
        var attributes: SpanAttributes = [:]
        attributes["http.request.method"] = "POST"
        attributes["http.route"] = "/v1/sessions/{id}/events"
        attributes["session.id"] = id
        attributes["http.response.status_code"] = 201
        let context = OTLPSpanContext(traceID: .init(high: 1, low: 2), spanID: 3, isSampled: true)
        let batch = (0..<2_048).map { _ in
            OTLPSpanRecord(context: context, parentSpanID: 4, name: "POST /v1/sessions/{id}/events", kind: .server, startNanoseconds: 1, endNanoseconds: 2, attributes: attributes)
        }
        var bytes = 0
        start = clock.now
        for _ in 0..<(count * 2 / batch.count) { bytes += encoder.protobuf(batch).count }
        emit("trace_encode_us", (clock.now - start).seconds * 1e6 / Double(count), "us/append")
        emit("trace_bytes_per_span", Double(bytes) / Double(count * 2 / batch.count * batch.count), "bytes")
    }
}

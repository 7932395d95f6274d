import HTTPTypes
import Hummingbird
import Instrumentation
import SessionKit
import Tracing

/// A server span per request, named `METHOD /route/{template}`, continuing the caller's trace
/// from its W3C `traceparent` header (through the bootstrapped instrument's propagator). It
/// carries `session.id` (OpenTelemetry's session attribute) on routes of one session, the
/// method, the route and the status. Without a bootstrapped tracer it costs next to nothing.
struct RequestTracingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard TracingState.isEnabled else { return try await next(request, context) }
        var parent = ServiceContext.current ?? .topLevel
        TracingState.extract(request.headers, into: &parent, using: HTTPFieldsExtractor())
        let route = context.endpointPath ?? "unmatched"
        let span = TracingState.startSpan("\(request.method.rawValue) \(route)", context: parent, ofKind: .server)
        defer { span.end() }
        // Set once, with the status, when the span records: each assignment through a span
        // copies all its attributes.
        var attributes: SpanAttributes = [:]
        if span.isRecording {
            attributes["http.request.method"] = request.method.rawValue
            attributes["http.route"] = route
            if route.hasPrefix("/v1/sessions/{id}"), let id = context.parameters.get("id") {
                attributes["session.id"] = id.lowercased()
            }
        }
        do {
            // Bound as the task's context: the engine's store spans and events link to it.
            let response = try await ServiceContext.$current.withValue(span.context) { try await next(request, context) }
            if !attributes.isEmpty {
                attributes["http.response.status_code"] = Int(response.status.code)
                span.attributes = attributes
            }
            if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            if !attributes.isEmpty {
                attributes["http.response.status_code"] = Int(status)
                span.attributes = attributes
            }
            if status >= 500 { span.recordError(error) }
            throw error
        }
    }
}

private struct HTTPFieldsExtractor: Extractor {
    private static let traceparent = HTTPField.Name("traceparent")!
    private static let tracestate = HTTPField.Name("tracestate")!

    func extract(key: String, from carrier: HTTPFields) -> String? {
        switch key {
        case "traceparent": carrier[Self.traceparent]  // asked on every request: a name made once
        case "tracestate": carrier[Self.tracestate]
        default: HTTPField.Name(key).flatMap { carrier[$0] }
        }
    }
}

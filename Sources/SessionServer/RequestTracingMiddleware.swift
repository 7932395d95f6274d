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
        InstrumentationSystem.instrument.extract(request.headers, into: &parent, using: HTTPFieldsExtractor())
        let route = context.endpointPath ?? "unmatched"
        return try await TracingState.withSpan("\(request.method.rawValue) \(route)", context: parent, ofKind: .server) { span in
            // One update: each assignment through the span would copy its attributes.
            span.updateAttributes { attributes in
                attributes["http.request.method"] = request.method.rawValue
                attributes["http.route"] = route
                if route.hasPrefix("/v1/sessions/{id}"), let id = context.parameters.get("id") {
                    attributes["session.id"] = id.lowercased()
                }
            }
            do {
                let response = try await next(request, context)
                span.attributes["http.response.status_code"] = Int(response.status.code)
                if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
                return response
            } catch {
                let status = (error as? any HTTPResponseError)?.status.code ?? 500
                span.attributes["http.response.status_code"] = Int(status)
                if status >= 500 { span.recordError(error) }
                throw error
            }
        }
    }
}

private struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}

import CoreMetrics
import HTTPTypes
import Hummingbird
import SessionCore

/// Records `sessiond_http_request_duration_seconds` by method, route template (never the
/// concrete path: `/v1/sessions/{id}`, not an id) and status: the time to the response's head
/// (a live stream counts until its headers go out, not for its whole life).
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            Self.record(factory, method: method, route: context.endpointPath ?? "unmatched", status: response.status.code, since: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            Self.record(factory, method: method, route: context.endpointPath ?? "unmatched", status: status, since: started)
            throw error
        }
    }

    static func record(_ factory: any MetricsFactory, method: String, route: String, status: Int, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let (seconds, attoseconds) = elapsed.components
        CoreMetrics.Timer(
            label: MetricCatalog.httpRequestDuration.name, dimensions: [("method", method), ("route", route), ("status", String(status))],
            factory: factory
        ).recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

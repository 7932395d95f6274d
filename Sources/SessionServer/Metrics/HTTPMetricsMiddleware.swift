import CoreMetrics
import HTTPTypes
import Hummingbird
import SessionCore
import Synchronization

/// Records `sessiond_http_request_duration_seconds` by method, route template (never the
/// concrete path: `/v1/sessions/{id}`, not an id) and status: the time to the response's head
/// (a live stream counts until its headers go out, not for its whole life).
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    struct Key: Hashable {
        let method: HTTPRequest.Method
        let route: String
        let status: Int
    }

    final class Timers: Sendable {
        let table = Mutex<[Key: CoreMetrics.Timer]>([:])
    }

    let factory: any MetricsFactory
    /// One timer per method, route and status, made on first use.
    let timers = Timers()

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let method = request.method
        do {
            let response = try await next(request, context)
            record(method: method, route: context.endpointPath ?? "unmatched", status: response.status.code, since: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(method: method, route: context.endpointPath ?? "unmatched", status: status, since: started)
            throw error
        }
    }

    func record(method: HTTPRequest.Method, route: String, status: Int, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let key = Key(method: method, route: route, status: status)
        let timer = timers.table.withLock { timers in
            if let timer = timers[key] { return timer }
            let timer = CoreMetrics.Timer(
                label: MetricCatalog.httpRequestDuration.name,
                dimensions: [("method", method.rawValue), ("route", route), ("status", String(status))], factory: factory)
            timers[key] = timer
            return timer
        }
        timer.recordNanoseconds(elapsed.nanoseconds)
    }
}

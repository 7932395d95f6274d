import Hummingbird
import NIOCore
import SessionKit

/// `GET /metrics`: Prometheus text format. Like `/health`, it needs no token: it carries counts
/// by status, application, route and backend, never a session or user id.
struct MetricsController<Context: RequestContext>: Sendable {
    let manager: SessionManager
    let metrics: ServerMetrics

    func addRoutes(to router: Router<Context>) {
        router.get("metrics") { _, _ in
            guard metrics.isEnabled else {
                throw ProblemError(status: .notFound, code: "metrics_disabled", detail: "this server runs with --no-metrics")
            }
            let text = try await metrics.scrape(store: manager.store)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}

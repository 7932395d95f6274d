import HTTPTypes
import Hummingbird
import Logging
import SessionCore

/// Logs each request at debug level once it is answered: method, route template, path, status,
/// duration and headers, with credentials (`Authorization`, cookies, API-key headers) replaced
/// by `***`. A query string is left out: filters may name users.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static var redacted: Set<HTTPField.Name> {
        [.authorization, .proxyAuthorization, .cookie, .setCookie, HTTPField.Name("X-API-Key")!, HTTPField.Name("X-Auth-Token")!]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.logger.logLevel <= .debug else { return try await next(request, context) }
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, since: started)
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    func log(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        var headers: Logger.Metadata = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = .string(Self.redacted.contains(field.name) ? "***" : field.value)
        }
        let elapsed = ContinuousClock.now - started
        context.logger.debug(
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue), "http.route": .string(context.endpointPath ?? "unmatched"),
                "http.path": .string(request.uri.path), "http.status": .stringConvertible(status),
                "http.duration_ms": .stringConvertible((elapsed.seconds * 1_000_000).rounded() / 1000),
                "http.headers": .dictionary(headers),
            ])
    }
}

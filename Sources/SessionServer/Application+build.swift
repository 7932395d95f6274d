public import Hummingbird
public import Logging
import SessionCore
public import SessionKit
import SessionStore

/// The request context of sessiond's routes.
public struct SessionRequestContext: AuthenticatedRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is asking, set by the authentication middleware; ``RequestIdentity/open`` until then.
    public var identity: RequestIdentity = .open
    /// Bodies are read with their own limit (``SessionServerConfiguration/maxBodyBytes``).
    public var maxUploadSize: Int { .max }
    /// Handlers' `Encodable` answers are written by ``SessionResponseEncoder``.
    public var responseEncoder: SessionResponseEncoder { SessionResponseEncoder() }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// The routes of `sessiond serve`: the v1 API, health, and the OpenAPI document.
///
/// - Parameter addRoutes: adds routes of the caller's (`sessiond bench http`'s baseline endpoint), behind the
///   same middleware.
public func buildRouter(
    manager: SessionManager, configuration: SessionServerConfiguration, addRoutes: (Router<SessionRequestContext>) -> Void = { _ in }
) -> Router<SessionRequestContext> {
    let router = Router(context: SessionRequestContext.self)
    router.add(middleware: HTTPMetricsMiddleware(factory: configuration.metrics.factory))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: RequestTracingMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(
        middleware: AuthMiddleware(
            access: manager.store,
            alwaysRequireToken: configuration.requireToken || !AuthMiddleware<SessionRequestContext>.isLoopback(configuration.host)))
    SessionsController(manager: manager, configuration: configuration).addRoutes(to: router.group("v1"))
    StreamController(manager: manager, configuration: configuration).addRoutes(to: router.group("v1"))
    StatsController(manager: manager).addRoutes(to: router.group("v1"))
    AnalyticsController(manager: manager).addRoutes(to: router.group("v1"))
    AlertsController(manager: manager).addRoutes(to: router.group("v1"))
    UsersController(manager: manager, configuration: configuration).addRoutes(to: router.group("v1"))
    AdminController(manager: manager, configuration: configuration).addRoutes(to: router.group("v1"))
    HoldsController(manager: manager, configuration: configuration).addRoutes(to: router.group("v1"))
    TrashController(manager: manager).addRoutes(to: router.group("v1"))
    HooksController(manager: manager, configuration: configuration).addRoutes(to: router.group("v1"))
    TelemetryController(manager: manager, configuration: configuration).addRoutes(to: router.group("v1"))
    addRoutes(router)
    MetricsController(manager: manager, metrics: configuration.metrics).addRoutes(to: router)
    DashboardController().addRoutes(to: router)
    router.get("health/live") { _, _ in Response.json(["status": "ok"]) }
    router.get("health/ready") { _, _ in
        do {
            _ = try await manager.store.sessions(SessionQuery(limit: 1))
            return Response.json(["status": "ok"])
        } catch {
            throw ProblemError(status: .serviceUnavailable, code: "not_ready", detail: "the store cannot be reached")
        }
    }
    // The OpenAPI 3.1 description of the API; `OpenAPITests` checks it names exactly the routes served.
    let openAPI = ByteBuffer(bytes: PackageResources.openapi_yaml)
    router.get("openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: openAPI))
    }
    return router
}

/// The HTTP server on `manager`, as a `Service` for a `ServiceGroup`.
///
/// - Parameter onServerRunning: called with the bound port once the server accepts connections.
public func buildApplication(
    manager: SessionManager, configuration: SessionServerConfiguration, logger: Logger = Logger(label: "sessiond.server"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }, addRoutes: (Router<SessionRequestContext>) -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(manager: manager, configuration: configuration, addRoutes: addRoutes),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "sessiond"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

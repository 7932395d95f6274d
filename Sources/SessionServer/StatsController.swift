public import Hummingbird
import SessionCore
public import SessionKit
import SessionStore

/// `GET /v1/stats`: sessions by status and application, outcome rates, recent durations.
/// A user-bound token sees its own user's figures.
public struct StatsController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager

    public init(manager: SessionManager) {
        self.manager = manager
    }

    /// Ended sessions whose durations make the percentiles.
    static var durationSample: Int { 10_000 }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("stats") { request, context in
            try context.identity.require(.read)
            let asked = request.uri.queryParameters["user"].map(String.init)
            let user = context.identity.confinedUser ?? asked
            let stats = try await manager.store.stats(userID: user, durationSample: Self.durationSample)
            return Response.json(stats.json)
        }
    }
}

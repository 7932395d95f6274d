public import Hummingbird
import SessionCore
public import SessionKit

/// `GET /v1/analytics/overview`, `GET /v1/analytics/groups` and `GET /v1/analytics/assistants`:
/// what the dashboard's overview and Assistants view show, over the sessions that touch a window
/// (`window=1h|24h|7d|30d|…`, default 24h; 7d for the assistants).
/// A user-bound token sees its own user's sessions.
public struct AnalyticsController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager

    public init(manager: SessionManager) {
        self.manager = manager
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("analytics/overview") { request, context in
            try context.identity.require(.read)
            let q = request.uri.queryParameters
            let window = try AnalyticsWindow(q["window"].map(String.init) ?? "24h")
            let user = context.identity.confinedUser ?? q["user"].map(String.init)
            return Response.json(try await manager.analyticsOverview(window: window, userID: user).json)
        }
        group.get("analytics/assistants") { request, context in
            try context.identity.require(.read)
            let q = request.uri.queryParameters
            let window = try AnalyticsWindow(q["window"].map(String.init) ?? "7d")
            let user = context.identity.confinedUser ?? q["user"].map(String.init)
            var kind: AssistantKind?
            if let name = q["application"] {
                guard let known = AssistantKind(rawValue: String(name)) else {
                    throw SessionError(.invalidArgument, "application must be claude-code, codex or gemini")
                }
                kind = known
            }
            return Response.json(try await manager.assistantAnalytics(window: window, userID: user, application: kind).json)
        }
        group.get("analytics/groups") { request, context in
            try context.identity.require(.read)
            let q = request.uri.queryParameters
            guard let by = q["by"] else { throw SessionError(.invalidArgument, "by is required: project, user, application, window or feature") }
            let grouping = try AnalyticsGrouping(String(by))
            let window = try AnalyticsWindow(q["window"].map(String.init) ?? "24h")
            let user = context.identity.confinedUser ?? q["user"].map(String.init)
            var limit = AnalyticsGroups.defaultLimit
            if let text = q["limit"] {
                guard let value = Int(text) else { throw SessionError(.invalidArgument, "limit must be a number") }
                limit = value
            }
            return Response.json(try await manager.analyticsGroups(by: grouping, window: window, userID: user, limit: limit).json)
        }
    }
}

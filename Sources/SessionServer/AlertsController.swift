#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import Hummingbird
import SessionCore
public import SessionKit
import SessionStore

/// `GET /v1/alerts?state=firing|resolved&before=ID&limit=N`: stored alerts, newest first
/// (read role), as `{"alerts": [{id, rule, severity, state, summary, value, threshold,
/// started_at, resolved_at}]}`.
public struct AlertsController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager

    public init(manager: SessionManager) {
        self.manager = manager
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("alerts") { request, context in
            try context.identity.require(.read)
            let q = request.uri.queryParameters
            var state: AlertState?
            if let text = q["state"] {
                guard let value = AlertState(rawValue: String(text)) else { throw SessionError(.invalidArgument, "state must be firing or resolved") }
                state = value
            }
            var before: UUID?
            if let text = q["before"] {
                guard let id = UUID(uuidString: String(text)) else { throw SessionError(.invalidArgument, "before must be an alert id") }
                before = id
            }
            var limit = 100
            if let text = q["limit"] {
                guard let value = Int(text) else { throw SessionError(.invalidArgument, "limit must be a number") }
                limit = value
            }
            let alerts = try await manager.store.alerts(state: state, before: before, limit: limit)
            return Response.json(["alerts": .array(alerts.map(\.json))])
        }
    }
}

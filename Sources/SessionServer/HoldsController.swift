public import Hummingbird
import SessionCore
public import SessionKit
import SessionStore

/// `GET /v1/holds`, `POST /v1/holds`, `DELETE /v1/holds/{scope}/{target}`: legal holds (admin).
///
/// A held session is never archived by retention, and erasing a user with a held session is
/// refused (409 `legal_hold`). Placing and releasing are audited (`hold.place`, `hold.release`).
public struct HoldsController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager
    let body: SessionRequestDecoder

    public init(manager: SessionManager, configuration: SessionServerConfiguration) {
        self.manager = manager
        self.body = SessionRequestDecoder(configuration)
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("holds", use: list)
        group.post("holds", use: place)
        group.delete("holds/:scope/:target", use: release)
    }

    /// `{"holds": [...]}`, oldest first.
    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try context.identity.require(.manageHolds)
        return .json(["holds": .array(try await manager.store.holds().map(\.json))])
    }

    /// 201 with the hold as stored (a tree hold names the root).
    @Sendable func place(_ request: Request, context: Context) async throws -> Response {
        try context.identity.require(.manageHolds)
        let asked = try await body.decode(PlaceHoldRequest.self, from: request, context: context)
        let hold = try await manager.placeHold(asked.scope, target: asked.target, reason: asked.reason, actor: context.identity.actor)
        return .json(hold.json, status: .created)
    }

    /// 204, or 404 `hold_not_found`.
    @Sendable func release(_ request: Request, context: Context) async throws -> Response {
        try context.identity.require(.manageHolds)
        guard let scope = LegalHold.Scope(rawValue: try context.parameters.require("scope")) else {
            throw SessionError(.invalidArgument, "scope must be session, tree or user")
        }
        let target = try context.parameters.require("target")
        guard try await manager.releaseHold(scope, target: target, actor: context.identity.actor) else {
            throw ProblemError(status: .notFound, code: "hold_not_found", detail: "no \(scope.rawValue) hold on \(target) is in force")
        }
        return Response(status: .noContent)
    }
}

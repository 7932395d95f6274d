public import Hummingbird
import SessionCore
public import SessionKit
import SessionStore

/// `GET /v1/trash`, `POST /v1/trash/{user}/restore`: erased users' data waiting out the
/// policy's `trash_grace` (admin). `DELETE /v1/users/{user}` puts it there; a retention run
/// purges it. Restoring is audited (`trash.restore`).
public struct TrashController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager

    public init(manager: SessionManager) {
        self.manager = manager
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("trash", use: list)
        group.post("trash/:user/restore", use: restore)
    }

    /// `{"users": [{"user_id", "sessions", "trashed_at"}]}`, by user id.
    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try context.identity.require(.manageTrash)
        return .json(["users": .array(try await manager.store.trashed().map(\.json))])
    }

    /// `{"user_id", "restored": {sessions, events, snapshots, labels}}`; 404 `not_in_trash` when the trash holds nothing of the user.
    @Sendable func restore(_ request: Request, context: Context) async throws -> Response {
        try context.identity.require(.manageTrash)
        let user = try context.parameters.require("user")
        let restored = try await manager.restoreTrash(user: user, actor: context.identity.actor)
        guard restored.sessions > 0 else {
            throw ProblemError(status: .notFound, code: "not_in_trash", detail: "the trash holds no sessions of \(user)")
        }
        return .json(["user_id": .string(user), "restored": restored.json])
    }
}

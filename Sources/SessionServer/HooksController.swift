public import Hummingbird
import SessionCore
public import SessionKit

/// `POST /v1/hooks/{assistant}`: one assistant hook payload, as `sessiond hook … --server`
/// forwards it (`claude-code`, `codex`, `gemini`), recorded as ``SessionManager/record(_:options:idempotencyKey:)``
/// does for the embedded store. A writer's right; the sessions belong to the token's user, or
/// in open mode to `?user=`. An `Idempotency-Key` header makes a retry (a replayed spool) apply once.
public struct HooksController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager
    let configuration: SessionServerConfiguration

    public init(manager: SessionManager, configuration: SessionServerConfiguration) {
        self.manager = manager
        self.configuration = configuration
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.post("hooks/:assistant", use: record)
    }

    /// 202 `{"session_id", "target_id", "events"}`; 400 `invalid_hook` for a payload that is not
    /// a JSON object with a `session_id`; 404 `unknown_assistant`.
    @Sendable func record(_ request: Request, context: Context) async throws -> Response {
        try context.identity.require(.write)
        let name = try context.parameters.require("assistant")
        guard let kind = AssistantKind(rawValue: name) else {
            throw ProblemError(status: .notFound, code: "unknown_assistant", detail: "no hooks for '\(name)': claude-code, codex or gemini")
        }
        let json = try await request.json(maxBytes: max(configuration.maxBodyBytes, AssistantHook.maxPayloadBytes), limits: configuration.limits, allowEmpty: false)
        guard case .object = json else {
            throw ProblemError(status: .badRequest, code: "invalid_hook", detail: "a hook payload is a JSON object")
        }
        let hook: AssistantHook
        switch AssistantHook.parse(JSONWriter.bytes(json), kind: kind) {
        case .success(let parsed): hook = parsed
        case .failure(let rejection):
            throw ProblemError(status: .badRequest, code: "invalid_hook", detail: "hook payload rejected: \(rejection.rawValue)")
        }
        let user = context.identity.token?.userID ?? request.uri.queryParameters["user"].map(String.init)
        let key = request.headers[.init("Idempotency-Key")!].flatMap { $0.isEmpty || $0.utf8.count > 200 ? nil : $0 }
        let recorded = try await manager.record(hook, options: SessionManager.HookOptions(userID: user), idempotencyKey: key)
        return .json(
            ["session_id": .string(recorded.sessionID.lowercased), "target_id": .string(recorded.targetID.lowercased), "events": .int(Int64(recorded.events))],
            status: .accepted)
    }
}

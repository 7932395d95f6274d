public import Foundation
public import SessionCore
import SessionStore

extension SessionManager {
    /// What recording one hook did.
    public struct HookRecord: Sendable, Hashable {
        /// The assistant's session.
        public var sessionID: UUID
        /// Where the event went: the session, or a subagent's child session.
        public var targetID: UUID
        /// Events written (0 for a model chunk, or a late end of an ended session).
        public var events: Int
    }

    /// How hook sessions are made.
    public struct HookOptions: Sendable {
        /// The user the assistant's sessions belong to (`$USER` for the hook command).
        public var userID: String?
        /// The policy of new hook sessions: an assistant session waits for its human for long
        /// stretches, so idle after 15 minutes and expire (ended by the sweeper as abandoned,
        /// reason `idle_timeout`) after 6 hours without a hook.
        public var policy = SessionPolicy(idleAfter: .seconds(900), expireAfter: .seconds(6 * 3600), warnAt: [])
        /// Longest a git call at session start may take: a hook must not hold up its assistant.
        public var gitTimeout: Duration = .milliseconds(300)

        public init(userID: String? = nil) {
            self.userID = userID
        }
    }

    /// Records one hook invocation (see ``HookMapping``): finds or makes the assistant's session
    /// (`<application>:<session_id>`) and the subagent's child, writes the event, pairs tool calls
    /// and moves the lifecycle, each step in the transaction of the session it writes.
    /// Concurrent hooks on one session serialise on its row, so none loses another's event.
    ///
    /// - Parameter idempotencyKey: names this invocation: recording it again (a spooled hook
    ///   replayed after a write that did commit) writes nothing twice.
    public func record(_ hook: AssistantHook, options: HookOptions = HookOptions(), idempotencyKey: String? = nil) async throws -> HookRecord {
        var plan = HookMapping.plan(hook)
        if let idempotencyKey {
            plan.event?.idempotencyKey = "hook:\(idempotencyKey)"
            plan.parentEvent?.idempotencyKey = "hook:\(idempotencyKey):parent"
        }
        let root = try await hookSession(hook, options: options)
        var written = 0
        var targetID = root.id
        if case .subagent(let agentID, let agentType) = plan.target {
            if let parentEvent = plan.parentEvent, plan.ending == nil {
                written += try await applyHook(root.id, parentEvent, tool: nil, ending: nil)
            }
            targetID = try await subagentSession(hook, root: root.id, agentID: agentID, agentType: agentType, options: options).id
        }
        if let event = plan.event {
            written += try await applyHook(targetID, event, tool: plan.tool, ending: plan.ending)
        }
        if let parentEvent = plan.parentEvent, plan.ending != nil {
            written += try await applyHook(root.id, parentEvent, tool: nil, ending: nil)
        }
        return HookRecord(sessionID: root.id, targetID: targetID, events: written)
    }

    private func applyHook(_ id: UUID, _ event: NewEvent, tool: HookPlan.ToolStep?, ending: HookPlan.Ending?) async throws -> Int {
        guard let event = try await redacted([event], session: id).first else { return 0 }
        try configuration.limits.validate(event, index: nil)
        let keys = event.idempotencyKey.map { [$0] } ?? []
        let change = try await update(id, idempotencyKeys: keys) { builder, existing in
            if let key = event.idempotencyKey, existing[key] != nil { return }
            try builder.applyHook(event, tool: tool, ending: ending)
        }
        try await afterChange(change)
        return change.events.filter { !EngineEventType.isEngine($0.type) }.count
    }

    /// The assistant's session, made on first sight with its project, model and transcript.
    private func hookSession(_ hook: AssistantHook, options: HookOptions) async throws -> Session {
        let application = hook.kind.application
        if let session = try await store.session(application: application, externalID: hook.sessionID) { return session }
        var spec = await hookSpec(hook, externalID: hook.sessionID, options: options)
        if hook.string("source") == "clear", let previous = try await clearedSession(hook) {
            spec.labels["continues"] = previous.id.lowercased
            spec.context = spec.context.merging(["assistant": ["continues": .string(previous.id.lowercased)]])
        }
        return try await createOnce(spec, parentID: nil, application: application)
    }

    private func subagentSession(_ hook: AssistantHook, root: UUID, agentID: String, agentType: String?, options: HookOptions) async throws -> Session {
        let externalID = AssistantKind.subagentExternalID(session: hook.sessionID, agent: agentID)
        if let session = try await store.session(application: hook.kind.application, externalID: externalID) { return session }
        var spec = SessionSpec(application: hook.kind.application, userID: options.userID, externalID: externalID, policy: options.policy)
        spec.labels = ["assistant": hook.kind.rawValue, "subagent": "true"]
        if let agentType { spec.labels["agent_type"] = String(agentType.prefix(SessionSpec.maxFieldLength)) }
        var agent: [String: JSONValue] = ["agent_id": .string(agentID)]
        agent["agent_type"] = agentType.map(JSONValue.string)
        spec.context = ["assistant": .object(agent)]
        return try await createOnce(spec, parentID: root, application: hook.kind.application)
    }

    /// Creates `spec`, or, when a concurrent hook made it first, reads that one.
    private func createOnce(_ spec: SessionSpec, parentID: UUID?, application: String) async throws -> Session {
        do {
            return try await create(spec, parentID: parentID)
        } catch let error as SessionError where error.code == .duplicateExternalID {
            guard let externalID = spec.externalID, let session = try await store.session(application: application, externalID: externalID) else { throw error }
            return session
        }
    }

    private func hookSpec(_ hook: AssistantHook, externalID: String, options: HookOptions) async -> SessionSpec {
        let cwd = hook.string("cwd") ?? ""
        let captured = await ContextCapture.capture(
            ContextCapture.Options(workingDirectory: cwd, applicationName: hook.kind.rawValue, gitTimeout: options.gitTimeout))
        var assistant: [String: JSONValue] = ["name": .string(hook.kind.rawValue), "session_id": .string(hook.sessionID)]
        for key in ["transcript_path", "permission_mode", "model"] { assistant[key] = hook.payload[key] }
        var spec = SessionSpec(
            application: hook.kind.application, userID: options.userID, externalID: externalID, projectKey: captured.projectKey,
            context: captured.context.merging(["assistant": .object(assistant)]), policy: options.policy)
        spec.labels["assistant"] = hook.kind.rawValue
        if !cwd.isEmpty { spec.labels["cwd"] = String(cwd.suffix(SessionSpec.maxFieldLength)) }
        if let mode = hook.string("permission_mode") { spec.labels["permission_mode"] = String(mode.prefix(64)) }
        if case .string(let model)? = hook.payload["model"] { spec.labels["model"] = String(model.prefix(128)) }
        if case .string(let remote)? = captured.context["project"]?["git"]?["remote"] { spec.labels["repo"] = String(remote.suffix(SessionSpec.maxFieldLength)) }
        return spec
    }

    /// The session a `/clear` just ended in the same directory: ended with reason `clear` in the
    /// last minute. SessionStart(clear) names only the new session, so this is how they link.
    private func clearedSession(_ hook: AssistantHook) async throws -> Session? {
        let now = clock.now()
        var query = SessionQuery(application: hook.kind.application, statuses: [.completed], limit: 20)
        if let cwd = hook.string("cwd") { query.labels = ["cwd": String(cwd.suffix(SessionSpec.maxFieldLength))] }
        let page = try await store.sessions(query)
        return page.sessions.first { session in
            session.endReason == "clear" && session.parentID == nil
                && (session.endedAt.map { now.milliseconds(since: $0) <= 60_000 } ?? false)
        }
    }
}

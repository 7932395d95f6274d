/// What one hook invocation does to sessiond, worked out from the payload alone (see
/// ``HookMapping``); ``SessionChangeBuilder/apply(_:)`` carries it out inside the
/// transaction that holds the session, where the open tool calls are read and paired.
public struct HookPlan: Sendable, Hashable {
    /// Which session the plan writes to.
    public enum Target: Sendable, Hashable {
        /// The assistant's session.
        case session
        /// The child session of subagent `id` (made on first sight).
        case subagent(id: String, type: String?)
    }

    /// A lifecycle step after the event.
    public enum Ending: Sendable, Hashable {
        /// End with this trigger and reason.
        case end(SessionLifecycle.Trigger, reason: String)
    }

    /// A tool-call step: the state keeps the calls started and not yet finished.
    public enum ToolStep: Sendable, Hashable {
        /// A call started (`PreToolUse`): remember it under its id, or its fingerprint.
        case start(ToolCallKey)
        /// A call finished (`PostToolUse`, `PostToolUseFailure`): pair it with its start.
        case finish(ToolCallKey)
    }

    public var target: Target
    /// The event recorded on the target; `nil` records nothing there (a model chunk).
    public var event: NewEvent?
    public var tool: ToolStep?
    public var ending: Ending?
    /// An event on the assistant's session about the subagent (`subagent.started`, `subagent.stopped`).
    public var parentEvent: NewEvent?

    public init(target: Target = .session, event: NewEvent?, tool: ToolStep? = nil, ending: Ending? = nil, parentEvent: NewEvent? = nil) {
        self.target = target
        self.event = event
        self.tool = tool
        self.ending = ending
        self.parentEvent = parentEvent
    }
}

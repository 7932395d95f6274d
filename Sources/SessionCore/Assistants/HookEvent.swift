/// The hook events sessiond understands, under their Claude Code names. Codex uses the same
/// names; Gemini CLI's own names map onto them (``init(_:kind:)``).
public enum HookEvent: String, Sendable, Hashable, CaseIterable {
    case sessionStart = "SessionStart"
    case sessionEnd = "SessionEnd"
    case userPromptSubmit = "UserPromptSubmit"
    case preToolUse = "PreToolUse"
    case postToolUse = "PostToolUse"
    case postToolUseFailure = "PostToolUseFailure"
    case permissionRequest = "PermissionRequest"
    case notification = "Notification"
    case stop = "Stop"
    case stopFailure = "StopFailure"
    case subagentStart = "SubagentStart"
    case subagentStop = "SubagentStop"
    case preCompact = "PreCompact"
    case postCompact = "PostCompact"
    /// Gemini CLI's `AfterModel` with a finish reason: one whole model response.
    case modelResponse = "AfterModel"
    /// Gemini CLI's `BeforeModel` and unfinished `AfterModel` chunks: not stored.
    case modelChunk = "BeforeModel"

    /// The event `name` stands for with `kind`; `nil` for an event this version does not know
    /// (recorded as a generic `hook.<name>` event).
    public init?(_ name: String, kind: AssistantKind) {
        if kind == .gemini {
            switch name {
            case "BeforeTool": self = .preToolUse
            case "AfterTool": self = .postToolUse
            case "BeforeAgent": self = .userPromptSubmit
            case "AfterAgent": self = .stop
            case "PreCompress": self = .preCompact
            case "BeforeModel", "BeforeToolSelection": self = .modelChunk
            default:
                guard let event = HookEvent(rawValue: name) else { return nil }
                self = event
            }
            return
        }
        guard let event = HookEvent(rawValue: name), event != .modelChunk, event != .modelResponse else { return nil }
        self = event
    }
}

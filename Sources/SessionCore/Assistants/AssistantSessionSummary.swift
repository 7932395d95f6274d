/// One assistant session as the assistant analytics see it (``AssistantAnalytics``): who and
/// where, whether it succeeded, what it spent by model, and its tool calls by tool.
public struct AssistantSessionSummary: Sendable, Hashable {
    public struct ToolUse: Sendable, Hashable {
        public var calls = 0
        public var errors = 0
        public var durationsMs: [Int64] = []
    }

    public struct ModelUse: Sendable, Hashable {
        public var tokens = AgentCounts.TokenCounts()
        public var costUSD: Double = 0
    }

    public var application: String
    public var user: String
    /// The git remote (label `repo`), else the working directory (label `cwd`), else `(none)`.
    public var repository: String
    public var createdAt: Timestamp
    public var ended: Bool
    /// Ended normally (outcome `ok`) with no unrecovered failure: its last turn did not fail
    /// (StopFailure, an aborted turn) and no tool call failed after the last turn that went on.
    public var succeeded: Bool
    public var models: [String: ModelUse] = [:]
    public var tools: [String: ToolUse] = [:]
    public var prompts = 0

    /// The model with the most tokens: the session's model for the success rate by model.
    public var primaryModel: String {
        models.max { a, b in
            let (x, y) = (a.value.tokens, b.value.tokens)
            return (x.input + x.output + x.cacheRead + x.cacheCreation, b.key) < (y.input + y.output + y.cacheRead + y.cacheCreation, a.key)
        }?.key ?? "unknown"
    }

    /// The summary of `session` from its events in order.
    public init(session: Session, events: [SessionEvent], prices: PriceTable = .default) {
        application = session.application
        user = session.userID ?? "(none)"
        repository = session.labels["repo"] ?? session.labels["cwd"] ?? "(none)"
        createdAt = session.createdAt
        ended = session.status.hasEnded
        var counter = AgentCounts.Counter()
        var seen: [String: String] = [:]  // tool_use_id -> tool
        var resolved: Set<String> = []
        var telemetry: [String: ToolUse] = [:]
        var lastToolFailed = false
        var lastTurnFailed = false
        for event in events where !EngineEventType.isEngine(event.type) {
            counter.add(event)
            let data = event.data
            let id = data["tool_use_id"]?.stringValue
            switch event.type {
            case "tool.started":
                let tool = data["tool"]?.stringValue ?? "unknown"
                if let id {
                    guard seen[id] == nil else { continue }
                    seen[id] = tool
                }
                tools[tool, default: ToolUse()].calls += 1
            case "tool.call", "tool.outcome":
                guard let outcome = data["outcome"]?.stringValue else { continue }
                var tool = data["tool"]?.stringValue ?? id.flatMap { seen[$0] } ?? "unknown"
                if let id {
                    if seen[id] == nil, event.type == "tool.call" {  // a call whose start nobody saw
                        seen[id] = tool
                        tools[tool, default: ToolUse()].calls += 1
                    }
                    tool = seen[id] ?? tool
                    let first = resolved.insert(id).inserted
                    if outcome == "error" { tools[tool, default: ToolUse()].errors += first ? 1 : 0 }
                    if first, let duration = data["duration_ms"]?.int64Value { tools[tool, default: ToolUse()].durationsMs.append(duration) }
                } else if event.type == "tool.call" {
                    if data["paired"] == .bool(false) { tools[tool, default: ToolUse()].calls += 1 }
                    if outcome == "error" { tools[tool, default: ToolUse()].errors += 1 }
                    if let duration = data["duration_ms"]?.int64Value { tools[tool, default: ToolUse()].durationsMs.append(duration) }
                }
                if outcome != "unknown" { lastToolFailed = outcome == "error" }
            case "telemetry.tool_result":
                let tool = data["tool"]?.stringValue ?? "unknown"
                telemetry[tool, default: ToolUse()].calls += 1
                if data["success"] == .bool(false) { telemetry[tool, default: ToolUse()].errors += 1 }
                if let duration = data["duration_ms"]?.int64Value { telemetry[tool, default: ToolUse()].durationsMs.append(duration) }
            case "assistant.stop_failed", "turn.aborted": lastTurnFailed = true
            case "assistant.stopped", "turn.completed", "user.prompt":  // a turn that went on past a failure recovered from it
                lastTurnFailed = false
                lastToolFailed = false
            default: break
            }
        }
        if tools.isEmpty { tools = telemetry }
        for (model, use) in counter.usageByModel(prices: prices) { models[model] = ModelUse(tokens: use.tokens, costUSD: use.costUSD) }
        prompts = counter.counts(prices: prices).prompts
        succeeded = ended && session.outcome == .ok && !lastToolFailed && !lastTurnFailed
    }
}

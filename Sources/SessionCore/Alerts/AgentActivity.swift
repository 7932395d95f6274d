public import Foundation

/// What the behaviour rules look at for one live assistant session (``AlertInputs/agentSessions``),
/// worked out from its events: the tool calls with a fingerprint of their input, their outcomes,
/// whether it waits on a permission prompt, and what it spent.
public struct AgentActivity: Sendable, Hashable {
    public struct ToolStart: Sendable, Hashable {
        public var time: Timestamp
        public var tool: String
        /// Same tool, same input: same fingerprint.
        public var fingerprint: String
    }

    public struct ToolResult: Sendable, Hashable {
        public var time: Timestamp
        public var failed: Bool
    }

    public var sessionID: UUID
    public var application: String
    /// Tool calls in the order they started, each once (a call seen by hooks and transcript is one).
    public var toolStarts: [ToolStart] = []
    /// Tool outcomes in order, each call once (`unknown` outcomes left out).
    public var toolResults: [ToolResult] = []
    /// Since when the session waits on a permission request or prompt with nothing after it.
    public var waitingSince: Timestamp?
    public var costUSD: Double = 0
    /// Tokens not read from cache: input, output and cache writes.
    public var tokens: Int64 = 0
    /// What the events since ``recentFrom`` cost.
    public var recentCostUSD: Double = 0
    public var recentFrom: Timestamp?

    public init(sessionID: UUID, application: String) {
        self.sessionID = sessionID
        self.application = application
    }

    /// The activity of `session` from its `events` (in order); `recentFrom` starts the window
    /// whose spend the rate rule measures.
    public init(session: Session, events: [SessionEvent], prices: PriceTable = .default, recentFrom: Timestamp? = nil) {
        self.init(sessionID: session.id, application: session.application)
        self.recentFrom = recentFrom
        var all = AgentCounts.Counter()
        var recent = AgentCounts.Counter()
        var started: Set<String> = []
        var results: [String: Int] = [:]  // tool_use_id -> index in toolResults
        for event in events where !EngineEventType.isEngine(event.type) {
            all.add(event)
            if let recentFrom, event.time >= recentFrom { recent.add(event) }
            let data = event.data
            let id = data["tool_use_id"]?.stringValue
            // A call starts with `tool.started`, or with a hook's `tool.call` that found no start.
            if event.type == "tool.started" || (event.type == "tool.call" && data["paired"] == .bool(false)), id.map({ started.insert($0).inserted }) ?? true {
                let tool = data["tool"]?.stringValue ?? "unknown"
                if case .fingerprint(let print) = ToolCallKey(id: nil, tool: tool, input: data["input"]) {
                    toolStarts.append(ToolStart(time: event.time, tool: tool, fingerprint: print))
                }
            }
            if event.type == "tool.call" || event.type == "tool.outcome", let outcome = data["outcome"]?.stringValue, outcome != "unknown" {
                let failed = outcome == "error"
                if let id, let index = results[id] {
                    toolResults[index].failed = toolResults[index].failed || failed
                } else {
                    if let id { results[id] = toolResults.count }
                    toolResults.append(ToolResult(time: event.time, failed: failed))
                }
            }
            if event.type == "permission.requested" || (event.type == "assistant.notification" && data["notification_type"] == "permission_prompt") {
                waitingSince = waitingSince ?? event.time
            } else if event.type != "assistant.notification", !event.type.hasPrefix("telemetry.") {
                waitingSince = nil  // activity; telemetry (a metric export every minute) is not
            }
        }
        let counts = all.counts(prices: prices)
        costUSD = counts.costUSD
        tokens = counts.tokens.input + counts.tokens.output + counts.tokens.cacheCreation
        recentCostUSD = recent.counts(prices: prices).costUSD
    }
}

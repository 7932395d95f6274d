extension SessionChangeBuilder {
    /// Carries out the part of a ``HookPlan`` that writes to this session, inside the
    /// transaction that holds it: an ended session the assistant carries on with is reopened,
    /// a tool call's start is remembered in the state (`assistant.open_tools`) and its finish
    /// paired with it (duration from the two hook times), and an end comes last.
    ///
    /// A late end of a session that has already ended writes nothing.
    public mutating func applyHook(_ event: NewEvent, tool: HookPlan.ToolStep?, ending: HookPlan.Ending?) throws(SessionError) {
        var event = event
        if session.status.hasEnded {
            if ending != nil { return }
            try transition(.reopen, reason: "resumed")
        }
        try markActivity()
        if let tool { pair(&event, tool) }
        record(event)
        if case .end(let trigger, let reason)? = ending { try transition(trigger, reason: reason) }
    }

    private func pair(_ event: inout NewEvent, _ step: HookPlan.ToolStep) {
        let open = session.state["assistant"]?["open_tools"]?.objectValue ?? [:]
        var data = event.data.objectValue ?? [:]
        switch step {
        case .start(let key):
            let entry: JSONValue = ["started_at": .int(now.milliseconds), "tool": data["tool"] ?? .null]
            event.stateDelta = ["assistant": ["open_tools": .object([key.stateKey(seq: session.lastSeq + 1): entry])]]
        case .finish(let key):
            guard let match = key.match(in: open) else {
                data["paired"] = false
                event.data = .object(data)
                return
            }
            if let started = open[match]?["started_at"]?.int64Value {
                data["duration_ms"] = .int(max(0, now.milliseconds - started))
            }
            data["paired"] = true
            event.data = .object(data)
            event.stateDelta = ["assistant": ["open_tools": .object([match: .null])]]
        }
    }
}

/// A session's figures: durations, counts and outcome.
public struct SessionMetrics: Sendable, Hashable {
    public var status: SessionStatus
    public var outcome: SessionOutcome?
    public var endReason: String?
    /// From creation to end, or to now for a live session.
    public var durationMs: Int64
    public var activeMs: Int64
    public var idleMs: Int64
    public var suspendedMs: Int64
    public var events: Int64
    public var errors: Int64
    public var toolCalls: Int64
    public var tokens: Int64
    public var costUSD: Double
    public var children: Int64

    /// The metrics of `session` as of `now` (its end time, if it has ended).
    public init(of session: Session, now: Timestamp) {
        let end = session.endedAt ?? now
        var tracking = session.tracking
        if session.status.isLive { tracking.leave(session.status, at: end) }
        status = session.status
        outcome = session.outcome
        endReason = session.endReason
        durationMs = end.milliseconds(since: session.createdAt)
        activeMs = tracking.activeMs
        idleMs = tracking.idleMs
        suspendedMs = tracking.suspendedMs
        events = session.counters.events
        errors = session.counters.errors
        toolCalls = session.counters.toolCalls
        tokens = session.counters.tokens
        costUSD = session.counters.costUSD
        children = session.counters.children
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "status": .string(status.rawValue),
            "duration_ms": .int(durationMs), "active_ms": .int(activeMs), "idle_ms": .int(idleMs),
            "suspended_ms": .int(suspendedMs), "events": .int(events), "errors": .int(errors),
            "tool_calls": .int(toolCalls), "tokens": .int(tokens), "cost_usd": .double(costUSD),
            "children": .int(children),
        ]
        if let outcome { o["outcome"] = .string(outcome.rawValue) }
        if let endReason { o["end_reason"] = .string(endReason) }
        return .object(o)
    }

    /// Reads metrics back from ``json``.
    public init(json: JSONValue) {
        status = json["status"]?.stringValue.flatMap(SessionStatus.init(rawValue:)) ?? .completed
        outcome = json["outcome"]?.stringValue.flatMap(SessionOutcome.init(rawValue:))
        endReason = json["end_reason"]?.stringValue
        durationMs = json["duration_ms"]?.int64Value ?? 0
        activeMs = json["active_ms"]?.int64Value ?? 0
        idleMs = json["idle_ms"]?.int64Value ?? 0
        suspendedMs = json["suspended_ms"]?.int64Value ?? 0
        events = json["events"]?.int64Value ?? 0
        errors = json["errors"]?.int64Value ?? 0
        toolCalls = json["tool_calls"]?.int64Value ?? 0
        tokens = json["tokens"]?.int64Value ?? 0
        costUSD = json["cost_usd"]?.doubleValue ?? 0
        children = json["children"]?.int64Value ?? 0
    }
}

/// Totals over a session and all its descendants.
public struct TreeMetrics: Sendable, Hashable {
    public var rootID: String
    /// Sessions in the tree, the root included.
    public var sessions: Int64 = 0
    /// Deepest level below the root (0 for a lone session).
    public var maxDepth: Int = 0
    public var byStatus: [SessionStatus: Int64] = [:]
    public var byOutcome: [SessionOutcome: Int64] = [:]
    public var events: Int64 = 0
    public var errors: Int64 = 0
    public var toolCalls: Int64 = 0
    public var tokens: Int64 = 0
    public var costUSD: Double = 0
    /// Sum of every session's duration.
    public var totalDurationMs: Int64 = 0
    public var activeMs: Int64 = 0
    public var idleMs: Int64 = 0
    /// From the first creation to the last end (or now, if any session is live).
    public var wallClockMs: Int64 = 0

    /// Aggregates `root` and `descendants` as of `now`.
    public init(root: Session, descendants: [Session], now: Timestamp) {
        rootID = root.id.lowercased
        var first = root.createdAt
        var last = root.createdAt
        for session in [root] + descendants {
            let m = SessionMetrics(of: session, now: now)
            sessions += 1
            maxDepth = max(maxDepth, session.depth - root.depth)
            byStatus[session.status, default: 0] += 1
            if let outcome = session.outcome { byOutcome[outcome, default: 0] += 1 }
            events += m.events
            errors += m.errors
            toolCalls += m.toolCalls
            tokens = tokens.addingSaturated(m.tokens)
            costUSD += m.costUSD
            totalDurationMs += m.durationMs
            activeMs += m.activeMs
            idleMs += m.idleMs
            first = min(first, session.createdAt)
            last = max(last, session.endedAt ?? now)
        }
        wallClockMs = last.milliseconds(since: first)
    }

    public var json: JSONValue {
        [
            "root_id": .string(rootID), "sessions": .int(sessions), "max_depth": .int(Int64(maxDepth)),
            "by_status": .object(Dictionary(uniqueKeysWithValues: byStatus.map { ($0.key.rawValue, JSONValue.int($0.value)) })),
            "by_outcome": .object(Dictionary(uniqueKeysWithValues: byOutcome.map { ($0.key.rawValue, JSONValue.int($0.value)) })),
            "events": .int(events), "errors": .int(errors), "tool_calls": .int(toolCalls), "tokens": .int(tokens),
            "cost_usd": .double(costUSD), "total_duration_ms": .int(totalDurationMs), "active_ms": .int(activeMs),
            "idle_ms": .int(idleMs), "wall_clock_ms": .int(wallClockMs),
        ]
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Readers for the JSON the API answers with, the inverse of `Session+JSON.swift`, for clients.
// Fields the API leaves out (`tracking`, `last_hash`, and `context`/`state` in lists) keep their defaults.

extension Session {
    /// Reads a session as ``json(full:)`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a session")
        guard let id = try o.uuid("id") else { throw SessionError(.invalidArgument, "a session needs an id") }
        let createdAt = try o.time("created_at") ?? Timestamp(milliseconds: 0)
        guard let statusText = try o.string("status"), let status = SessionStatus(rawValue: statusText) else {
            throw SessionError(.invalidArgument, "a session needs a known status")
        }
        self.init(
            id: id, parentID: try o.uuid("parent_id"), rootID: try o.uuid("root_id"), depth: Int(try o.int("depth") ?? 0),
            externalID: try o.string("external_id"), userID: try o.string("user_id"), application: try o.string("application") ?? "",
            projectKey: try o.string("project_key"), status: status, createdAt: createdAt, context: o["context"] ?? .emptyObject,
            effectiveContext: o["effective_context"], labels: [:], metadata: o["metadata"] ?? .emptyObject,
            policy: try o["policy"].map { value throws(SessionError) in try SessionPolicy(json: value) } ?? SessionPolicy())
        if let labels = try o.object("labels") {
            self.labels = labels.compactMapValues(\.stringValue)
        }
        endReason = try o.string("end_reason")
        outcome = try o.string("outcome").flatMap(SessionOutcome.init(rawValue:))
        updatedAt = try o.time("updated_at") ?? createdAt
        lastActivityAt = try o.time("last_activity_at") ?? createdAt
        lastHeartbeatAt = try o.time("last_heartbeat_at")
        endedAt = try o.time("ended_at")
        state = o["state"] ?? .emptyObject
        lastSeq = try o.int("last_seq") ?? 0
        if let counters = o["counters"] { self.counters = SessionCounters(json: counters) }
        finalMetrics = o["metrics"].map(SessionMetrics.init(json:))
    }
}

extension SessionEvent {
    /// Reads a stored event as ``json`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "an event")
        guard let id = try o.uuid("id"), let sessionID = try o.uuid("session_id"), let seq = try o.int("seq"),
            let type = try o.string("type"), let time = try o.time("time")
        else { throw SessionError(.invalidArgument, "an event needs id, session_id, seq, type and time") }
        self.init(
            id: id, sessionID: sessionID, seq: seq, position: try o.int("position") ?? 0, type: type, time: time,
            data: o["data"] ?? .emptyObject, stateDelta: o["state_delta"], inverseDelta: o["inverse_delta"],
            source: try o.string("source"), idempotencyKey: try o.string("idempotency_key"),
            correlationID: try o.string("correlation_id"), causationID: try o.string("causation_id"),
            traceID: try o.string("trace_id"), spanID: try o.string("span_id"), hash: try o.string("hash") ?? "",
            redactions: try o.arrayIfPresent("redactions", Redaction.init(json:)))
    }
}

extension TreeMetrics {
    /// Reads tree metrics back from ``json``.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "tree metrics")
        rootID = try o.string("root_id") ?? ""
        sessions = try o.int("sessions") ?? 0
        maxDepth = Int(try o.int("max_depth") ?? 0)
        byStatus = [:]
        for (key, value) in try o.object("by_status") ?? [:] {
            if let status = SessionStatus(rawValue: key), let count = value.int64Value { byStatus[status] = count }
        }
        byOutcome = [:]
        for (key, value) in try o.object("by_outcome") ?? [:] {
            if let outcome = SessionOutcome(rawValue: key), let count = value.int64Value { byOutcome[outcome] = count }
        }
        events = try o.int("events") ?? 0
        errors = try o.int("errors") ?? 0
        toolCalls = try o.int("tool_calls") ?? 0
        tokens = try o.int("tokens") ?? 0
        costUSD = o["cost_usd"]?.doubleValue ?? 0
        totalDurationMs = try o.int("total_duration_ms") ?? 0
        activeMs = try o.int("active_ms") ?? 0
        idleMs = try o.int("idle_ms") ?? 0
        wallClockMs = try o.int("wall_clock_ms") ?? 0
    }
}

extension JSONFields {
    /// An RFC 3339 time field.
    package func time(_ key: String) throws(SessionError) -> Timestamp? {
        guard let text = try string(key) else { return nil }
        guard let time = Timestamp(iso8601: text) else { throw SessionError(.invalidArgument, "\(key) is not an RFC 3339 time") }
        return time
    }
}

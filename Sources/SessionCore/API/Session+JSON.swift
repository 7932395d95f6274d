extension Session {
    /// The session as the API and the CLI show it (snake_case, times in RFC 3339 UTC).
    ///
    /// - Parameter full: include `state`, `context` and `effective_context` (large); lists leave them out.
    public func json(full: Bool = true) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(id.lowercased),
            "root_id": .string(rootID.lowercased),
            "depth": .int(Int64(depth)),
            "application": .string(application),
            "status": .string(status.rawValue),
            "created_at": .string(createdAt.iso8601),
            "updated_at": .string(updatedAt.iso8601),
            "last_activity_at": .string(lastActivityAt.iso8601),
            "labels": .object(labels.mapValues(JSONValue.string)),
            "metadata": metadata,
            "policy": policy.json,
            "last_seq": .int(lastSeq),
            "counters": counters.json,
        ]
        o["parent_id"] = parentID.map { .string($0.lowercased) }
        o["external_id"] = externalID.map(JSONValue.string)
        o["user_id"] = userID.map(JSONValue.string)
        o["project_key"] = projectKey.map(JSONValue.string)
        o["end_reason"] = endReason.map(JSONValue.string)
        o["outcome"] = outcome.map { .string($0.rawValue) }
        o["last_heartbeat_at"] = lastHeartbeatAt.map { .string($0.iso8601) }
        o["ended_at"] = endedAt.map { .string($0.iso8601) }
        o["metrics"] = finalMetrics?.json
        if full {
            o["context"] = context
            o["effective_context"] = effectiveContext
            o["state"] = state
        }
        return .object(o)
    }
}

extension SessionEvent {
    /// The event as the API and the CLI show it.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(id.lowercased),
            "session_id": .string(sessionID.lowercased),
            "seq": .int(seq),
            "position": .int(position),
            "type": .string(type),
            "time": .string(time.iso8601),
            "data": data,
            "hash": .string(hash),
        ]
        o["state_delta"] = stateDelta
        o["inverse_delta"] = inverseDelta
        o["source"] = source.map(JSONValue.string)
        o["idempotency_key"] = idempotencyKey.map(JSONValue.string)
        o["correlation_id"] = correlationID.map(JSONValue.string)
        o["causation_id"] = causationID.map(JSONValue.string)
        o["trace_id"] = traceID.map(JSONValue.string)
        o["span_id"] = spanID.map(JSONValue.string)
        if !redactions.isEmpty { o["redactions"] = .array(redactions.map(\.json)) }
        return .object(o)
    }
}

extension NewEvent {
    /// Reads an event as clients send it:
    /// `{"type", "data", "state_delta", "source", "idempotency_key", "correlation_id", "causation_id", "trace_id", "span_id"}`.
    ///
    /// Unknown keys are rejected, so a typo never silently drops a field.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "an event")
        try o.allow(["type", "data", "state_delta", "source", "idempotency_key", "correlation_id", "causation_id", "trace_id", "span_id"])
        guard let type = try o.string("type") else { throw SessionError(.invalidArgument, "type is required") }
        self.init(
            type: type, data: o["data"] ?? .emptyObject, stateDelta: o["state_delta"], source: try o.string("source"),
            idempotencyKey: try o.string("idempotency_key"), correlationID: try o.string("correlation_id"),
            causationID: try o.string("causation_id"), traceID: try o.string("trace_id"), spanID: try o.string("span_id"))
    }
}

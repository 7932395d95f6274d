extension NewEvent {
    /// Reads an event as clients send it:
    /// `{"type", "data", "state_delta", "source", "idempotency_key", "correlation_id", "causation_id", "trace_id", "span_id"}`.
    ///
    /// Unknown keys are rejected, so a typo never silently drops a field.
    public init(json: JSONValue) throws(SessionError) {
        guard case .object(let o) = json else { throw SessionError(.invalidArgument, "an event must be a JSON object") }
        let known: Set<String> = [
            "type", "data", "state_delta", "source", "idempotency_key", "correlation_id", "causation_id", "trace_id", "span_id",
        ]
        if let unknown = o.keys.sorted().first(where: { !known.contains($0) }) {
            throw SessionError(.invalidArgument, "unknown event field \(unknown)")
        }
        func string(_ key: String) throws(SessionError) -> String? {
            guard let value = o[key], value != .null else { return nil }
            guard let s = value.stringValue else { throw SessionError(.invalidArgument, "\(key) must be a string") }
            return s
        }
        guard let type = try string("type") else { throw SessionError(.invalidArgument, "type is required") }
        let delta = o["state_delta"].flatMap { $0 == .null ? nil : $0 }
        self.init(
            type: type, data: o["data"] ?? .emptyObject, stateDelta: delta, source: try string("source"),
            idempotencyKey: try string("idempotency_key"), correlationID: try string("correlation_id"),
            causationID: try string("causation_id"), traceID: try string("trace_id"), spanID: try string("span_id"))
    }
}

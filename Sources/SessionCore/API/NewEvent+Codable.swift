extension NewEvent: JSONCodable {
    enum CodingKeys: String, CodingKey {
        case type, data, source
        case stateDelta = "state_delta"
        case idempotencyKey = "idempotency_key"
        case correlationID = "correlation_id"
        case causationID = "causation_id"
        case traceID = "trace_id"
        case spanID = "span_id"
    }

    /// Reads an event as clients send it:
    /// `{"type", "data", "state_delta", "source", "idempotency_key", "correlation_id", "causation_id", "trace_id", "span_id"}`.
    ///
    /// Unknown keys are rejected, so a typo never silently drops a field; ``redactions`` are the
    /// engine's to set and not read.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            type: try c.decode(String.self, forKey: .type), data: try c.decodeIfPresent(JSONValue.self, forKey: .data) ?? .emptyObject,
            stateDelta: try c.decodeIfPresent(JSONValue.self, forKey: .stateDelta), source: try c.decodeIfPresent(String.self, forKey: .source),
            idempotencyKey: try c.decodeIfPresent(String.self, forKey: .idempotencyKey),
            correlationID: try c.decodeIfPresent(String.self, forKey: .correlationID),
            causationID: try c.decodeIfPresent(String.self, forKey: .causationID),
            traceID: try c.decodeIfPresent(String.self, forKey: .traceID), spanID: try c.decodeIfPresent(String.self, forKey: .spanID))
    }

    /// Writes the event as clients send it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(data, forKey: .data)
        try c.encodeIfPresent(stateDelta, forKey: .stateDelta)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(idempotencyKey, forKey: .idempotencyKey)
        try c.encodeIfPresent(correlationID, forKey: .correlationID)
        try c.encodeIfPresent(causationID, forKey: .causationID)
        try c.encodeIfPresent(traceID, forKey: .traceID)
        try c.encodeIfPresent(spanID, forKey: .spanID)
    }
}

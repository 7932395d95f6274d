/// The body of `POST /v1/sessions/{id}/events`: one event, or `{events: [...], expected_seq}`.
public struct AppendRequest: Sendable, Hashable {
    public var events: [NewEvent]
    public var expectedSeq: Int64?
    /// Whether the body was the `{events: [...]}` form (also for a batch of one).
    public var isBatch: Bool

    public init(events: [NewEvent], expectedSeq: Int64? = nil, isBatch: Bool? = nil) {
        self.events = events
        self.expectedSeq = expectedSeq
        self.isBatch = isBatch ?? (events.count != 1)
    }

    /// Gives the events without a key of their own the `Idempotency-Key` header's: a single
    /// event takes it as it is, the events of a batch `KEY:INDEX`.
    public mutating func applyIdempotencyKey(_ key: String?) {
        guard let key else { return }
        for index in events.indices where events[index].idempotencyKey == nil {
            events[index].idempotencyKey = isBatch ? "\(key):\(index)" : key
        }
    }
}

extension AppendRequest: JSONCodable {
    enum CodingKeys: String, CodingKey {
        case events
        case expectedSeq = "expected_seq"
    }

    /// Reads either form; a single event may carry `expected_seq` beside its own fields.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let expectedSeq = try c.decodeIfPresent(Int64.self, forKey: .expectedSeq)
        if c.contains(.events), try !c.decodeNil(forKey: .events) {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            self.init(events: try c.decode([NewEvent].self, forKey: .events), expectedSeq: expectedSeq, isBatch: true)
        } else {
            // The event's own fields beside `expected_seq`: the tree as parsed, without copying it.
            guard case .object(var fields) = try decoder.singleValueContainer().decode(JSONValue.self) else {
                throw SessionError(.invalidArgument, "an append must be a JSON object")
            }
            if fields["expected_seq"] != nil { fields["expected_seq"] = nil }
            self.init(events: [try NewEvent(json: .object(fields))], expectedSeq: expectedSeq, isBatch: false)
        }
    }

    /// Writes a single event as itself, a batch as `{events: [...]}`, each with `expected_seq` when given.
    public func encode(to encoder: any Encoder) throws {
        if isBatch {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(events, forKey: .events)
            try c.encodeIfPresent(expectedSeq, forKey: .expectedSeq)
        } else {
            var object = events.first?.json.objectValue ?? [:]
            object["expected_seq"] = expectedSeq.map(JSONValue.int)
            var single = encoder.singleValueContainer()
            try single.encode(JSONValue.object(object))
        }
    }
}

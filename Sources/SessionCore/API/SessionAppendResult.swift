/// What an append stored: the answer of `POST /v1/sessions/{id}/events`,
/// `{"events": [...], "last_seq": ..., "replayed": ...}`.
public struct SessionAppendResult: Sendable, Hashable {
    /// The request's events as stored, in request order (replayed ones included).
    public var events: [SessionEvent]
    /// The session's last `seq` after the append.
    public var lastSeq: Int64
    /// How many of ``events`` an earlier try had already stored.
    public var replayed: Int

    public init(events: [SessionEvent], lastSeq: Int64, replayed: Int) {
        self.events = events
        self.lastSeq = lastSeq
        self.replayed = replayed
    }

    /// The result as the API answers it.
    public var json: JSONValue {
        ["events": .array(events.map(\.json)), "last_seq": .int(lastSeq), "replayed": .int(Int64(replayed))]
    }

    /// Reads a result as ``json`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "an append result")
        self.init(
            events: try o.array("events", SessionEvent.init(json:)), lastSeq: try o.int("last_seq") ?? 0,
            replayed: Int(try o.int("replayed") ?? 0))
    }
}

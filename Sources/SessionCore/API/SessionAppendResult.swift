/// What an append stored: the answer of `POST /v1/sessions/{id}/events`,
/// `{"events": [...], "last_seq": ..., "replayed": ...}`.
public struct SessionAppendResult: Sendable, Hashable, JSONCodable {
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

    enum CodingKeys: String, CodingKey {
        case events, lastSeq = "last_seq", replayed
    }

    /// Written as one `JSONValue` built directly: this is the answer of every append, the
    /// hottest path of the API, and going through Codable's containers for it cost the HTTP
    /// append rate about 8 % (`sessiond bench http`, docs/BENCHMARKS.md). Decoding is synthesized.
    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(["events": .array(events.map(\.json)), "last_seq": .int(lastSeq), "replayed": .int(Int64(replayed))] as JSONValue)
    }
}

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
}

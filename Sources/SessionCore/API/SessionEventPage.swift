/// A page of a session's events in `seq` order: the answer of `GET /v1/sessions/{id}/events`,
/// `{"events": [...], "next_after_seq": ...}`.
public struct SessionEventPage: Sendable, Hashable, JSONCodable {
    public var events: [SessionEvent]
    /// Pass as `afterSeq` for the next page; `nil` when the page was not full.
    public var nextAfterSeq: Int64?

    public init(events: [SessionEvent], nextAfterSeq: Int64?) {
        self.events = events
        self.nextAfterSeq = nextAfterSeq
    }

    /// A page read with `limit`: a full page may have a next one, after its last event.
    public init(events: [SessionEvent], limit: Int) {
        self.init(events: events, nextAfterSeq: events.count == limit ? events.last?.seq : nil)
    }

    enum CodingKeys: String, CodingKey {
        case events, nextAfterSeq = "next_after_seq"
    }

    /// Written as one `JSONValue` built directly, as ``SessionAppendResult`` is: pages of up to
    /// 1,000 events are the API's largest answers. Decoding is synthesized.
    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(["events": .array(events.map(\.json)), "next_after_seq": nextAfterSeq.map(JSONValue.int) ?? .null] as JSONValue)
    }
}

/// What `recover` hands back to a client that reattaches: `POST /v1/sessions/{id}/recover`,
/// `{"session": ..., "context": ..., "state": ..., "recent_events": [...]}`.
public struct SessionRecovery: Sendable, Hashable {
    /// The session, without context and state in ``json`` (they are the fields beside it).
    public var session: Session
    /// The effective context: the parent's with this session's keys on top.
    public var context: JSONValue
    public var state: JSONValue
    /// The latest events, oldest first.
    public var recentEvents: [SessionEvent]

    public init(session: Session, context: JSONValue, state: JSONValue, recentEvents: [SessionEvent]) {
        self.session = session
        self.context = context
        self.state = state
        self.recentEvents = recentEvents
    }

    /// The recovery as the API and `sessiond recover --json` show it.
    public var json: JSONValue {
        ["session": session.json(full: false), "context": context, "state": state, "recent_events": .array(recentEvents.map(\.json))]
    }

    /// Reads a recovery as ``json`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a recovery")
        guard let session = o["session"] else { throw SessionError(.invalidArgument, "a recovery needs a session") }
        self.init(
            session: try Session(json: session), context: o["context"] ?? .emptyObject, state: o["state"] ?? .emptyObject,
            recentEvents: try o.array("recent_events", SessionEvent.init(json:)))
    }
}

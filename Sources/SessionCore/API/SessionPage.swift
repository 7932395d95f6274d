/// One page of sessions, newest first: the answer of `GET /v1/sessions`,
/// `{"sessions": [...], "next_cursor": ...}`, where sessions come without context and state.
public struct SessionPage: Sendable, Hashable {
    public var sessions: [Session]
    /// Pass as ``SessionQuery/cursor`` for the next page; `nil` on the last page.
    public var nextCursor: String?

    public init(sessions: [Session], nextCursor: String?) {
        self.sessions = sessions
        self.nextCursor = nextCursor
    }

    /// A page from up to `limit + 1` rows fetched in page order: the extra row only tells
    /// that there is a next page.
    package init(rows: [Session], limit: Int) {
        var rows = rows
        var next: String?
        if rows.count > limit {
            rows.removeLast(rows.count - limit)
            next = rows.last?.id.lowercased
        }
        self.init(sessions: rows, nextCursor: next)
    }

    /// The page as the API answers it.
    public var json: JSONValue {
        ["sessions": .array(sessions.map { $0.json(full: false) }), "next_cursor": nextCursor.map(JSONValue.string) ?? .null]
    }

    /// Reads a page as ``json`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a page of sessions")
        self.init(sessions: try o.array("sessions", Session.init(json:)), nextCursor: try o.string("next_cursor"))
    }
}

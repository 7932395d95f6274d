#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Filters of an event subscription: `GET /v1/stream`, ``SessionClient``'s `events(matching:after:)`
/// and `SessionStore.events(afterPosition:matching:limit:)`. Every set filter must match.
///
/// ``queryItems`` writes the URL query (`session`, `user`, `application`, `type` repeatable)
/// and ``init(queryItems:)`` reads it on the server.
public struct EventFilter: Sendable, Hashable {
    public var sessionID: UUID?
    /// Events of this user's sessions.
    public var userID: String?
    /// Events of this application's sessions.
    public var application: String?
    /// Any of these types; all if empty.
    public var types: [String]

    public init(sessionID: UUID? = nil, userID: String? = nil, application: String? = nil, types: [String] = []) {
        self.sessionID = sessionID
        self.userID = userID
        self.application = application
        self.types = types
    }
}

extension EventFilter {
    /// The filter as URL query items, in a fixed order.
    public var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if let sessionID { q.append(("session", sessionID.lowercased)) }
        if let userID { q.append(("user", userID)) }
        if let application { q.append(("application", application)) }
        for type in types { q.append(("type", type)) }
        return q
    }

    /// Reads a filter from URL query items; unknown keys are ignored.
    ///
    /// - Throws: `invalid_argument` when `session` is not a session id.
    public init(queryItems: [(String, String)]) throws(SessionError) {
        let q = QueryItems(queryItems)
        self.init(userID: q.first("user"), application: q.first("application"), types: q.all("type"))
        if let session = q.first("session") {
            guard let id = UUID(text: session) else { throw SessionError(.invalidArgument, "session is not a session id") }
            sessionID = id
        }
    }
}

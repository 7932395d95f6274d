#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Filters and page of a session list: `GET /v1/sessions`, ``SessionClient``'s `sessions(_:)`
/// and `SessionStore.sessions(_:)`. Every set filter must match.
///
/// ``queryItems`` writes the URL query a client sends and ``init(queryItems:)`` reads it on
/// the server, so both sides share one spelling:
/// `user`, `application`, `project`, `status` (repeatable, or `live`), `label=KEY=VALUE`
/// (repeatable), `parent`, `root`, `created_from`, `created_until`, `active_from`,
/// `active_until` (epoch milliseconds or RFC 3339), `limit`, `cursor`.
public struct SessionQuery: Sendable, Hashable {
    public var userID: String?
    public var application: String?
    public var projectKey: String?
    /// Any of these statuses; all if empty.
    public var statuses: [SessionStatus]
    /// Every one of these labels. A key cannot contain `=` (the query spells a label `KEY=VALUE`).
    public var labels: [String: String]
    public var parentID: UUID?
    public var rootID: UUID?
    /// Created at or after.
    public var createdFrom: Timestamp?
    /// Created before.
    public var createdUntil: Timestamp?
    /// Last active at or after.
    public var activeFrom: Timestamp?
    /// Last active before.
    public var activeUntil: Timestamp?
    /// Page size, 1 to 1000. Default 100.
    public var limit: Int
    /// From ``SessionPage/nextCursor`` of the previous page.
    public var cursor: String?

    public init(
        userID: String? = nil, application: String? = nil, projectKey: String? = nil, statuses: [SessionStatus] = [],
        labels: [String: String] = [:], parentID: UUID? = nil, rootID: UUID? = nil, createdFrom: Timestamp? = nil,
        createdUntil: Timestamp? = nil, activeFrom: Timestamp? = nil, activeUntil: Timestamp? = nil, limit: Int = 100,
        cursor: String? = nil
    ) {
        self.userID = userID
        self.application = application
        self.projectKey = projectKey
        self.statuses = statuses
        self.labels = labels
        self.parentID = parentID
        self.rootID = rootID
        self.createdFrom = createdFrom
        self.createdUntil = createdUntil
        self.activeFrom = activeFrom
        self.activeUntil = activeUntil
        self.limit = limit
        self.cursor = cursor
    }

    /// The id the cursor stands for: the page continues with older sessions.
    package func cursorID() throws(SessionError) -> UUID? {
        guard let cursor else { return nil }
        guard let id = UUID(uuidString: cursor) else { throw SessionError(.invalidArgument, "cursor is not valid") }
        return id
    }
}

extension SessionQuery {
    /// The query as URL query items, in a fixed order (labels sorted by key); times as epoch
    /// milliseconds. ``init(queryItems:)`` reads them back to an equal query.
    public var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if let userID { q.append(("user", userID)) }
        if let application { q.append(("application", application)) }
        if let projectKey { q.append(("project", projectKey)) }
        for status in statuses { q.append(("status", status.rawValue)) }
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { q.append(("label", "\(key)=\(value)")) }
        if let parentID { q.append(("parent", parentID.lowercased)) }
        if let rootID { q.append(("root", rootID.lowercased)) }
        if let createdFrom { q.append(("created_from", String(createdFrom.milliseconds))) }
        if let createdUntil { q.append(("created_until", String(createdUntil.milliseconds))) }
        if let activeFrom { q.append(("active_from", String(activeFrom.milliseconds))) }
        if let activeUntil { q.append(("active_until", String(activeUntil.milliseconds))) }
        q.append(("limit", String(limit)))
        if let cursor { q.append(("cursor", cursor)) }
        return q
    }

    /// Reads a query from URL query items, as the server does for `GET /v1/sessions`.
    ///
    /// A single-valued key given twice takes its first value; unknown keys are ignored.
    ///
    /// - Throws: `invalid_argument` for an unknown status, a label without `KEY=`, a time that
    ///   is neither epoch milliseconds nor RFC 3339, a limit that is not an integer from 1 to
    ///   1000, or a cursor that is not a session id; `session_not_found` for a `parent` or
    ///   `root` that is not a session id (as a route's id is).
    public init(queryItems: [(String, String)]) throws(SessionError) {
        let q = QueryItems(queryItems)
        self.init(userID: q.first("user"), application: q.first("application"), projectKey: q.first("project"), cursor: q.first("cursor"))
        limit = try q.int("limit") ?? 100
        try PageLimit.check(limit)
        for status in q.all("status") { statuses += try SessionStatus.filter(status) }
        for label in q.all("label") {
            guard let eq = label.firstIndex(of: "="), eq != label.startIndex else {
                throw SessionError(.invalidArgument, "label filters are key=value")
            }
            labels[String(label[..<eq])] = String(label[label.index(after: eq)...])
        }
        parentID = try q.sessionID("parent")
        rootID = try q.sessionID("root")
        createdFrom = try q.time("created_from")
        createdUntil = try q.time("created_until")
        activeFrom = try q.time("active_from")
        activeUntil = try q.time("active_until")
        _ = try cursorID()
    }
}

extension SessionStatus {
    /// The statuses a `status` filter names: one status, or `live` for all of ``live``.
    ///
    /// - Throws: `invalid_argument` for anything else.
    package static func filter(_ text: String) throws(SessionError) -> [SessionStatus] {
        if text == "live" { return live }
        guard let status = SessionStatus(rawValue: text) else { throw SessionError(.invalidArgument, "unknown status \(text)") }
        return [status]
    }
}

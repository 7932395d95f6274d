#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// Filters and page of `GET /v1/sessions`; every filter is optional.
public struct SessionListQuery: Sendable, Hashable {
    public var userID: String?
    public var application: String?
    public var projectKey: String?
    /// Any of these statuses; all if empty.
    public var statuses: [SessionStatus]
    /// Every one of these labels.
    public var labels: [String: String]
    public var parentID: UUID?
    public var createdFrom: Timestamp?
    public var createdUntil: Timestamp?
    public var activeFrom: Timestamp?
    public var activeUntil: Timestamp?
    /// Page size, 1 to 1000. Default 100.
    public var limit: Int
    /// ``SessionList/nextCursor`` of the previous page.
    public var cursor: String?

    public init(
        userID: String? = nil, application: String? = nil, projectKey: String? = nil, statuses: [SessionStatus] = [],
        labels: [String: String] = [:], parentID: UUID? = nil, createdFrom: Timestamp? = nil, createdUntil: Timestamp? = nil,
        activeFrom: Timestamp? = nil, activeUntil: Timestamp? = nil, limit: Int = 100, cursor: String? = nil
    ) {
        self.userID = userID
        self.application = application
        self.projectKey = projectKey
        self.statuses = statuses
        self.labels = labels
        self.parentID = parentID
        self.createdFrom = createdFrom
        self.createdUntil = createdUntil
        self.activeFrom = activeFrom
        self.activeUntil = activeUntil
        self.limit = limit
        self.cursor = cursor
    }

    var parameters: [(String, String)] {
        var q: [(String, String)] = []
        if let userID { q.append(("user", userID)) }
        if let application { q.append(("application", application)) }
        if let projectKey { q.append(("project", projectKey)) }
        for status in statuses { q.append(("status", status.rawValue)) }
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { q.append(("label", "\(key)=\(value)")) }
        if let parentID { q.append(("parent", parentID.lowercased)) }
        if let createdFrom { q.append(("created_from", String(createdFrom.milliseconds))) }
        if let createdUntil { q.append(("created_until", String(createdUntil.milliseconds))) }
        if let activeFrom { q.append(("active_from", String(activeFrom.milliseconds))) }
        if let activeUntil { q.append(("active_until", String(activeUntil.milliseconds))) }
        q.append(("limit", String(limit)))
        if let cursor { q.append(("cursor", cursor)) }
        return q
    }
}

/// A page of sessions (without context and state), newest first.
public struct SessionList: Sendable, Hashable {
    public var sessions: [Session]
    /// Pass as ``SessionListQuery/cursor`` for the next page; `nil` on the last.
    public var nextCursor: String?

    public init(sessions: [Session], nextCursor: String?) {
        self.sessions = sessions
        self.nextCursor = nextCursor
    }
}

/// A page of events in `seq` order.
public struct SessionEventPage: Sendable, Hashable {
    public var events: [SessionEvent]
    /// Pass as `afterSeq` for the next page; `nil` when the page was not full.
    public var nextAfterSeq: Int64?

    public init(events: [SessionEvent], nextAfterSeq: Int64?) {
        self.events = events
        self.nextAfterSeq = nextAfterSeq
    }
}

/// What an append stored.
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
}

/// A session, its descendants and their totals.
public struct SessionTree: Sendable, Hashable {
    public var root: Session
    public var descendants: [Session]
    public var metrics: TreeMetrics

    public init(root: Session, descendants: [Session], metrics: TreeMetrics) {
        self.root = root
        self.descendants = descendants
        self.metrics = metrics
    }
}

/// What `recover` hands back to a client that reattaches.
public struct SessionRecovery: Sendable, Hashable {
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
}

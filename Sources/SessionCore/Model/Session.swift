#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A session: one run of a tool, agent or sub-agent, from start to end.
public struct Session: Sendable, Hashable, Identifiable {
    /// UUIDv7: sorts by creation time.
    public var id: UUID
    public var parentID: UUID?
    /// The top of the hierarchy; a root session is its own root.
    public var rootID: UUID
    /// 0 for a root, parent's depth + 1 for a child.
    public var depth: Int
    /// The tool's own id for this session, unique per application.
    public var externalID: String?
    public var userID: String?
    public var application: String
    /// The codebase: git remote without credentials, else git root, else working directory.
    public var projectKey: String?
    public var status: SessionStatus
    public var endReason: String?
    public var outcome: SessionOutcome?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// The last client event (appends count, heartbeats do not).
    public var lastActivityAt: Timestamp
    public var lastHeartbeatAt: Timestamp?
    public var endedAt: Timestamp?
    /// The context captured at start, as given for this session.
    public var context: JSONValue
    /// The parent's effective context with this session's keys on top.
    public var effectiveContext: JSONValue
    public var labels: [String: String]
    public var metadata: JSONValue
    public var policy: SessionPolicy
    /// The session's state: the fold of every event's `state_delta`.
    public var state: JSONValue
    /// The sequence number of the last event; 0 before the first.
    public var lastSeq: Int64
    /// The hash of the last event, the link the next one chains to.
    public var lastHash: String
    public var counters: SessionCounters
    /// Engine bookkeeping: time per status, warnings, undo history, snapshots.
    public var tracking: SessionTracking
    /// Metrics computed when the session ended.
    public var finalMetrics: SessionMetrics?

    public init(
        id: UUID,
        parentID: UUID? = nil,
        rootID: UUID? = nil,
        depth: Int = 0,
        externalID: String? = nil,
        userID: String? = nil,
        application: String,
        projectKey: String? = nil,
        status: SessionStatus = .initializing,
        createdAt: Timestamp,
        context: JSONValue = .emptyObject,
        effectiveContext: JSONValue? = nil,
        labels: [String: String] = [:],
        metadata: JSONValue = .emptyObject,
        policy: SessionPolicy = SessionPolicy()
    ) {
        self.id = id
        self.parentID = parentID
        self.rootID = rootID ?? id
        self.depth = depth
        self.externalID = externalID
        self.userID = userID
        self.application = application
        self.projectKey = projectKey
        self.status = status
        self.endReason = nil
        self.outcome = nil
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.lastActivityAt = createdAt
        self.lastHeartbeatAt = nil
        self.endedAt = nil
        self.context = context
        self.effectiveContext = effectiveContext ?? context
        self.labels = labels
        self.metadata = metadata
        self.policy = policy
        self.state = .emptyObject
        self.lastSeq = 0
        self.lastHash = EventHash.genesis
        self.counters = SessionCounters()
        self.tracking = SessionTracking(statusSince: createdAt)
        self.finalMetrics = nil
    }

    /// The last sign of life: activity or heartbeat, whichever is later.
    public var lastSeenAt: Timestamp {
        max(lastActivityAt, lastHeartbeatAt ?? lastActivityAt)
    }
}

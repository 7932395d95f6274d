#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The slice of a session that analytics read: who, where, when, how it ended, and its totals.
///
/// Build one from a ``Session`` with ``init(_:eventTypes:)``; a store may build it from fewer
/// columns with the memberwise initialiser.
public struct AnalyticsSession: Sendable, Hashable, Identifiable {
    public var id: UUID
    public var application: String
    public var userID: String?
    public var projectKey: String?
    public var status: SessionStatus
    public var outcome: SessionOutcome?
    public var endReason: String?
    public var createdAt: Timestamp
    /// Set once the session has ended; nil while it is live.
    public var endedAt: Timestamp?
    public var lastActivityAt: Timestamp
    public var counters: SessionCounters
    /// Events per type (event type → count), for feature profiles; empty when not loaded.
    ///
    /// The engine's own `session.*` types may be present: ``FeatureProfile`` leaves them out.
    public var eventTypes: [String: Int64]

    public init(
        id: UUID,
        application: String,
        userID: String? = nil,
        projectKey: String? = nil,
        status: SessionStatus,
        outcome: SessionOutcome? = nil,
        endReason: String? = nil,
        createdAt: Timestamp,
        endedAt: Timestamp? = nil,
        lastActivityAt: Timestamp? = nil,
        counters: SessionCounters = SessionCounters(),
        eventTypes: [String: Int64] = [:]
    ) {
        self.id = id
        self.application = application
        self.userID = userID
        self.projectKey = projectKey
        self.status = status
        self.outcome = outcome
        self.endReason = endReason
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.lastActivityAt = lastActivityAt ?? createdAt
        self.counters = counters
        self.eventTypes = eventTypes
    }

    /// The analytics slice of `session`, with its event-type counts if the caller has them.
    public init(_ session: Session, eventTypes: [String: Int64] = [:]) {
        self.init(
            id: session.id,
            application: session.application,
            userID: session.userID,
            projectKey: session.projectKey,
            status: session.status,
            outcome: session.outcome,
            endReason: session.endReason,
            createdAt: session.createdAt,
            endedAt: session.endedAt,
            lastActivityAt: session.lastActivityAt,
            counters: session.counters,
            eventTypes: eventTypes
        )
    }

    /// From creation to end; nil while the session is live.
    public var durationMs: Int64? {
        endedAt.map { $0.milliseconds(since: createdAt) }
    }
}

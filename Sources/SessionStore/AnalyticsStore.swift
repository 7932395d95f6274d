#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// What the analytics (`/v1/analytics/…`, the dashboard) read from a store: the slice of each
/// session that touches a time range, and event-type counts for feature profiles.
///
/// Counters and last activity come from the session row: on SQLite, for a session that is
/// still being appended to, they may lag by up to one checkpoint interval (32 events).
public protocol AnalyticsStore: Sendable {
    /// Sessions created before `until` and not ended before `from`, newest first, at most
    /// `limit`; only `userID`'s when given.
    func analyticsSessions(from: Timestamp, until: Timestamp, userID: String?, limit: Int) async throws -> [AnalyticsSession]

    /// Client event types (engine `session.*` events left out) and their counts, per session.
    func eventTypeCounts(sessionIDs: [UUID]) async throws -> [UUID: [String: Int64]]
}

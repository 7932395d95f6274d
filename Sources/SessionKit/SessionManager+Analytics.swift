public import SessionCore
import SessionStore

extension SessionManager {
    /// Most sessions an analytics answer is computed over; past it the answer says `truncated`.
    public static var analyticsSample: Int { 20_000 }
    /// Most sessions whose events are profiled for the `feature` grouping (the newest).
    public static var featureSample: Int { 2_000 }

    /// The overview of the sessions that touch `window` (the dashboard's first page).
    public func analyticsOverview(window: AnalyticsWindow, userID: String? = nil) async throws -> AnalyticsOverview {
        let now = clock.now()
        let (sessions, truncated) = try await analyticsSessions(window: window, now: now, userID: userID)
        return AnalyticsOverview.compute(sessions: sessions, window: window, now: now, truncated: truncated)
    }

    /// The sessions that touch `window`, grouped `by` project, user, application, time or feature.
    public func analyticsGroups(
        by grouping: AnalyticsGrouping, window: AnalyticsWindow, userID: String? = nil, limit: Int = AnalyticsGroups.defaultLimit
    ) async throws -> AnalyticsGroups {
        guard (1...1000).contains(limit) else { throw SessionError(.invalidArgument, "limit must be 1 to 1000") }
        let now = clock.now()
        var (sessions, truncated) = try await analyticsSessions(window: window, now: now, userID: userID)
        if grouping == .feature {
            if sessions.count > Self.featureSample {
                sessions = Array(sessions.prefix(Self.featureSample))
                truncated = true
            }
            let types = try await measure("analytics_event_types") {
                try await store.eventTypeCounts(sessionIDs: sessions.map(\.id))
            }
            for index in sessions.indices { sessions[index].eventTypes = types[sessions[index].id] ?? [:] }
        }
        return AnalyticsGroups.compute(sessions: sessions, by: grouping, window: window, now: now, limit: limit, truncated: truncated)
    }

    private func analyticsSessions(window: AnalyticsWindow, now: Timestamp, userID: String?) async throws -> ([AnalyticsSession], Bool) {
        var sessions = try await measure("analytics_sessions") {
            try await store.analyticsSessions(from: window.from(now: now), until: now, userID: userID, limit: Self.analyticsSample + 1)
        }
        let truncated = sessions.count > Self.analyticsSample
        if truncated { sessions.removeLast() }
        return (sessions, truncated)
    }
}

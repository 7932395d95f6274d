public import SessionCore
import SessionStore

extension SessionManager {
    /// Most assistant sessions the Assistants view reads (all their events), newest first; past
    /// it the answer says `truncated`.
    public static var assistantAnalyticsSample: Int { 1_000 }

    /// ``AssistantAnalytics`` over the assistant sessions (`claude-code`, `codex`, `gemini`, or
    /// the one `application` names) active in `window`.
    public func assistantAnalytics(window: AnalyticsWindow, userID: String? = nil, application: AssistantKind? = nil) async throws -> AssistantAnalytics {
        let now = clock.now()
        let from = window.from(now: now)
        var summaries: [AssistantSessionSummary] = []
        var truncated = false
        for kind in application.map({ [$0] }) ?? AssistantKind.allCases {
            var query = SessionQuery(userID: userID, application: kind.application, activeFrom: from, limit: 500)
            while true {
                let page = try await measure("analytics_assistants") { try await store.sessions(query) }
                for session in page.sessions {
                    guard summaries.count < Self.assistantAnalyticsSample else {
                        truncated = true
                        break
                    }
                    var events: [SessionEvent] = []
                    try await forEachEvent(of: session.id, limit: 100_000) { events.append($0) }
                    summaries.append(AssistantSessionSummary(session: session, events: events, prices: configuration.prices))
                }
                guard !truncated, let cursor = page.nextCursor else { break }
                query.cursor = cursor
            }
        }
        return AssistantAnalytics.compute(summaries, window: window, now: now, truncated: truncated)
    }
}

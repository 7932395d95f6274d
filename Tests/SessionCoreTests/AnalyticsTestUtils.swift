import Foundation
import SessionCore
import Testing

/// Instants for analytics tables, by their RFC 3339 text: `utc("2026-11-23T09:15:00Z")`.
func utc(_ text: String) -> Timestamp {
    guard let time = Timestamp(iso8601: text) else { preconditionFailure("bad fixture time \(text)") }
    return time
}

extension AnalyticsWindow {
    /// A window from a table's text, which must parse.
    static func fixture(_ text: String) -> AnalyticsWindow {
        do { return try AnalyticsWindow(text) } catch { preconditionFailure("bad fixture window \(text)") }
    }
}

extension AnalyticsSession {
    /// A session numbered `n` (its id ends in `n`), ended when `endedAt` is given.
    ///
    /// The status follows the outcome: completed for `ok`, failed for `errored`/`crashed`,
    /// terminated for `abandoned`, active while live.
    static func stub(
        _ n: Int,
        application: String = "app",
        userID: String? = nil,
        projectKey: String? = nil,
        createdAt: Timestamp,
        endedAt: Timestamp? = nil,
        outcome: SessionOutcome? = nil,
        events: Int64 = 0,
        tokens: Int64 = 0,
        costUSD: Double = 0,
        eventTypes: [String: Int64] = [:]
    ) -> AnalyticsSession {
        let status: SessionStatus
        switch (endedAt, outcome) {
        case (nil, _): status = .active
        case (_, .ok?): status = .completed
        case (_, .abandoned?): status = .terminated
        default: status = .failed
        }
        var counters = SessionCounters()
        counters.events = events
        counters.tokens = tokens
        counters.costUSD = costUSD
        let hex = String(n, radix: 16)
        return AnalyticsSession(
            id: UUID(uuidString: "00000000-0000-7000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex)!,
            application: application,
            userID: userID,
            projectKey: projectKey,
            status: status,
            outcome: endedAt == nil ? nil : outcome ?? .ok,
            createdAt: createdAt,
            endedAt: endedAt,
            counters: counters,
            eventTypes: eventTypes
        )
    }
}

extension JSONValue {
    /// The keys of an object, sorted; empty for anything else.
    var keys: [String] { (objectValue ?? [:]).keys.sorted() }

    var arrayValue: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }
}

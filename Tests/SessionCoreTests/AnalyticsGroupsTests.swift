import Foundation
import SessionCore
import Testing

struct AnalyticsGroupsTests {
    static let now = utc("2026-11-23T12:30:00Z")
    static let day = AnalyticsWindow.fixture("24h")
    static let start = utc("2026-11-23T08:00:00Z")

    /// Six sessions over two projects, three users and two applications; some without project or user.
    static let mixed: [AnalyticsSession] = [
        .stub(
            1,
            application: "claude",
            userID: "alice",
            projectKey: "github.com/acme/api",
            createdAt: start,
            endedAt: start.adding(.seconds(1)),
            outcome: .ok,
            events: 10,
            tokens: 100,
            costUSD: 0.25
        ),
        .stub(
            2,
            application: "claude",
            userID: "alice",
            projectKey: "github.com/acme/api",
            createdAt: start,
            endedAt: start.adding(.seconds(3)),
            outcome: .ok,
            events: 5,
            tokens: 50,
            costUSD: 0.5
        ),
        .stub(3, application: "cursor", userID: "bob", projectKey: "github.com/acme/api", createdAt: start, events: 1),
        .stub(
            4,
            application: "cursor",
            userID: "bob",
            projectKey: "github.com/acme/web",
            createdAt: start,
            endedAt: start.adding(.seconds(9)),
            outcome: .errored
        ),
        .stub(5, application: "claude", createdAt: start, endedAt: start.adding(.seconds(2)), outcome: .crashed),
        .stub(6, application: "claude", userID: "carol", createdAt: start, endedAt: start.adding(.seconds(4)), outcome: .abandoned),
        // Ended before the window: in no group.
        .stub(
            7,
            application: "old",
            userID: "dave",
            projectKey: "p",
            createdAt: utc("2026-11-01T00:00:00Z"),
            endedAt: utc("2026-11-01T01:00:00Z"),
            outcome: .ok
        ),
    ]

    @Test(arguments: [
        (AnalyticsGrouping.project, [("github.com/acme/api", 3), ("(none)", 2), ("github.com/acme/web", 1)]),
        (.user, [("alice", 2), ("bob", 2), ("(none)", 1), ("carol", 1)]),
        (.application, [("claude", 4), ("cursor", 2)]),
    ])
    func groupsByKeyMostSessionsFirst(_ grouping: AnalyticsGrouping, _ expected: [(String, Int)]) {
        let result = AnalyticsGroups.compute(sessions: Self.mixed, by: grouping, window: Self.day, now: Self.now)
        #expect(result.groups.map(\.key) == expected.map(\.0))
        #expect(result.groups.map(\.sessions) == expected.map { Int64($0.1) })
        #expect(result.otherSessions == 0)
        #expect(result.sample == 7)
        #expect(result.groups.allSatisfy { $0.types == nil })
    }

    @Test func groupFigures() throws {
        let result = AnalyticsGroups.compute(sessions: Self.mixed, by: .project, window: Self.day, now: Self.now)
        let api = try #require(result.groups.first { $0.key == "github.com/acme/api" })
        #expect(api.label == "github.com/acme/api")
        #expect(api.sessions == 3)
        #expect(api.ended == 2)
        #expect(api.live == 1)
        #expect(api.durationMeanMs == 2000)
        #expect(api.durationP50Ms == 1000)
        #expect(api.durationP90Ms == 3000)
        #expect(api.outcomeRate(.ok) == 1)
        #expect(api.errorRate == 0)
        #expect(api.events == 16)
        #expect(api.tokens == 150)
        #expect(api.costUSD == 0.75)

        let none = try #require(result.groups.first { $0.key == "(none)" })
        #expect(none.label == "No project")
        #expect(none.ended == 2)
        #expect(none.live == 0)
        #expect(none.outcomeRate(.crashed) == 0.5)
        #expect(none.outcomeRate(.abandoned) == 0.5)
        #expect(none.outcomeRate(.ok) == 0)
        #expect(none.errorRate == 1)
        #expect(none.durationMeanMs == 3000)

        let users = AnalyticsGroups.compute(sessions: Self.mixed, by: .user, window: Self.day, now: Self.now)
        #expect(users.groups.first { $0.key == "(none)" }?.label == "No user")
        let bob = try #require(users.groups.first { $0.key == "bob" })
        #expect(bob.errorRate == 1)
        #expect(bob.outcomeRate(.errored) == 1)
        #expect(bob.live == 1)
    }

    @Test func groupWithoutEndsHasNoDurations() throws {
        let result = AnalyticsGroups.compute(sessions: [.stub(1, createdAt: Self.start)], by: .application, window: Self.day, now: Self.now)
        let group = try #require(result.groups.first)
        #expect(group.durationMeanMs == nil)
        #expect(group.durationP50Ms == nil)
        #expect(group.errorRate == 0)
        #expect(group.json["duration_ms"] == ["mean": nil, "p50": nil, "p90": nil])
        #expect(group.json["outcome_rates"] == ["ok": 0.0, "errored": 0.0, "crashed": 0.0, "abandoned": 0.0])
    }

    @Test(arguments: [(2, ["a", "b"], Int64(6)), (0, [], 15), (-1, [], 15), (5, ["a", "b", "c", "d", "e"], 0), (50, ["a", "b", "c", "d", "e"], 0)])
    func limitKeepsTheLargestGroups(_ limit: Int, _ keys: [String], _ other: Int64) {
        var sessions: [AnalyticsSession] = []
        for (index, app) in ["e", "d", "c", "b", "a"].enumerated() {
            for n in 0...index { sessions.append(.stub(index * 10 + n, application: app, createdAt: Self.start)) }
        }
        let result = AnalyticsGroups.compute(sessions: sessions, by: .application, window: Self.day, now: Self.now, limit: limit)
        #expect(result.groups.map(\.key) == keys)
        #expect(result.otherSessions == other)
        #expect(result.json["other_sessions"] == .int(other))
    }

    @Test func equalCountsSortByKey() {
        let sessions = ["zed", "Alpha", "beta", "(none)"].enumerated().map {
            AnalyticsSession.stub($0.offset, application: $0.element, createdAt: Self.start)
        }
        let result = AnalyticsGroups.compute(sessions: sessions, by: .application, window: Self.day, now: Self.now)
        #expect(result.groups.map(\.key) == ["(none)", "Alpha", "beta", "zed"])
    }

    @Test func windowGroupsAreTheBucketsInTimeOrder() {
        let sessions: [AnalyticsSession] = [
            .stub(1, createdAt: utc("2026-11-22T05:00:00Z")),  // started before the window, still live
            .stub(2, createdAt: utc("2026-11-23T09:15:00Z"), endedAt: utc("2026-11-23T09:20:00Z"), outcome: .ok),
            .stub(3, createdAt: utc("2026-11-23T09:45:00Z")),
            .stub(4, createdAt: utc("2026-11-23T12:29:59Z")),
        ]
        let result = AnalyticsGroups.compute(sessions: sessions, by: .window, window: Self.day, now: Self.now)
        #expect(result.groups.count == 26)
        #expect(result.groups.first?.key == AnalyticsGroups.earlierKey)
        #expect(result.groups.first?.sessions == 1)
        #expect(result.groups[1].key == "2026-11-22T12:00:00.000Z")
        #expect(result.groups[1].label == "2026-11-22 12:00")
        #expect(result.groups[1].sessions == 0)
        let nine = result.groups.first { $0.key == "2026-11-23T09:00:00.000Z" }
        #expect(nine?.sessions == 2)
        #expect(nine?.ended == 1)
        #expect(nine?.label == "2026-11-23 09:00")
        #expect(result.groups.last?.key == "2026-11-23T12:00:00.000Z")
        #expect(result.groups.last?.sessions == 1)
        #expect(result.groups.map(\.sessions).reduce(0, +) == 4)

        let latest = AnalyticsGroups.compute(sessions: sessions, by: .window, window: Self.day, now: Self.now, limit: 3)
        #expect(latest.groups.map(\.key) == ["2026-11-23T10:00:00.000Z", "2026-11-23T11:00:00.000Z", "2026-11-23T12:00:00.000Z"])
        #expect(latest.otherSessions == 3)
    }

    @Test func dailyWindowGroupsAreLabelledByDate() {
        let sessions = [AnalyticsSession.stub(1, createdAt: utc("2026-11-20T17:00:00Z"))]
        let result = AnalyticsGroups.compute(sessions: sessions, by: .window, window: .fixture("30d"), now: Self.now)
        #expect(result.groups.count == 31)
        #expect(!result.groups.contains { $0.key == AnalyticsGroups.earlierKey })
        let group = result.groups.first { $0.sessions == 1 }
        #expect(group?.key == "2026-11-20T00:00:00.000Z")
        #expect(group?.label == "2026-11-20")
    }

    @Test func jsonKeys() throws {
        let json = AnalyticsGroups.compute(sessions: Self.mixed, by: .project, window: Self.day, now: Self.now, truncated: true).json
        #expect(json.keys == ["by", "groups", "other_sessions", "sample", "truncated", "window"])
        #expect(json["by"] == "project")
        #expect(json["window"] == Self.day.json(now: Self.now))
        #expect(json["sample"] == 7)
        #expect(json["truncated"] == true)
        let group = try #require(json["groups"]?.arrayValue.first)
        #expect(
            group.keys == ["cost_usd", "duration_ms", "ended", "error_rate", "events", "key", "label", "live", "outcome_rates", "sessions", "tokens"]
        )
        #expect(group["key"] == "github.com/acme/api")
        #expect(group["duration_ms"] == ["mean": 2000.0, "p50": 1000, "p90": 3000])
        #expect(group["outcome_rates"] == ["ok": 1.0, "errored": 0.0, "crashed": 0.0, "abandoned": 0.0])
        #expect(group["cost_usd"] == 0.75)
        #expect(group["events"] == 16)
    }
}

import Foundation
import SessionCore
import Testing

struct AnalyticsOverviewTests {
    /// 24h window at 12:30: hourly buckets from 2026-11-22T12:00 (index 0) to 2026-11-23T12:00 (index 24).
    static let now = utc("2026-11-23T12:30:00Z")
    static let day = AnalyticsWindow.fixture("24h")

    @Test func timelineCountsSessionsAcrossBuckets() {
        let sessions: [AnalyticsSession] = [
            // 09:15 → 11:05: alive in 09, 10, 11.
            .stub(1, createdAt: utc("2026-11-23T09:15:00Z"), endedAt: utc("2026-11-23T11:05:00Z"), outcome: .ok),
            // Live since 10:00 sharp: alive in 10, 11, 12.
            .stub(2, createdAt: utc("2026-11-23T10:00:00Z")),
            // Started before the window, ended at midnight sharp (bucket 12): alive in 0…12, not started in the window.
            .stub(3, createdAt: utc("2026-11-22T05:00:00Z"), endedAt: utc("2026-11-23T00:00:00Z"), outcome: .errored),
            // Ended before the window: nowhere.
            .stub(4, createdAt: utc("2026-11-21T05:00:00Z"), endedAt: utc("2026-11-22T11:59:59.999Z"), outcome: .crashed),
            // One millisecond before 12:00 to 12:00 sharp: alive in 11 and 12, ends in 12.
            .stub(5, createdAt: utc("2026-11-23T11:59:59.999Z"), endedAt: utc("2026-11-23T12:00:00Z"), outcome: .crashed),
            // Abandoned ends are not failures of the timeline.
            .stub(6, createdAt: utc("2026-11-23T12:10:00Z"), endedAt: utc("2026-11-23T12:20:00Z"), outcome: .abandoned),
            // Ended at `from` sharp: alive at the window's first instant.
            .stub(7, createdAt: utc("2026-11-22T11:00:00Z"), endedAt: utc("2026-11-22T12:00:00Z"), outcome: .ok),
            // Created at `now` sharp: in the last bucket.
            .stub(8, createdAt: Self.now),
        ]
        let overview = AnalyticsOverview.compute(sessions: sessions, window: Self.day, now: Self.now)
        let timeline = overview.timeline
        #expect(timeline.count == 25)
        #expect(timeline.first?.time.iso8601 == "2026-11-22T12:00:00.000Z")
        #expect(timeline.last?.time.iso8601 == "2026-11-23T12:00:00.000Z")
        func series(_ cells: [Int: Int64]) -> [Int64] { (0..<25).map { cells[$0] ?? 0 } }
        var active: [Int: Int64] = [0: 2, 21: 1, 22: 2, 23: 3, 24: 4]
        for index in 1...12 { active[index] = 1 }
        #expect(timeline.map(\.active) == series(active))
        #expect(timeline.map(\.started) == series([21: 1, 22: 1, 23: 1, 24: 2]))
        #expect(timeline.map(\.ended) == series([0: 1, 12: 1, 23: 1, 24: 2]))
        #expect(timeline.map(\.failed) == series([12: 1, 24: 1]))
        #expect(overview.sample == 8)
        #expect(overview.activeNow == 2)
        #expect(overview.durations.count == 5)
    }

    @Test(arguments: [
        ([SessionOutcome](), 0.0),
        ([.ok], 0.0),
        ([.ok, .errored], 0.5),
        ([.abandoned], 1.0),
        ([.ok, .ok, .ok, .crashed], 0.25),
        ([.ok, .errored, .crashed, .abandoned], 0.75),
    ])
    func errorRateIsShareOfEndedNotOK(_ outcomes: [SessionOutcome], _ rate: Double) {
        var sessions = outcomes.enumerated().map { index, outcome in
            AnalyticsSession.stub(index + 1, createdAt: utc("2026-11-23T08:00:00Z"), endedAt: utc("2026-11-23T09:00:00Z"), outcome: outcome)
        }
        // Neither a live session nor one that failed before the window changes the rate.
        sessions.append(.stub(90, createdAt: utc("2026-11-23T08:00:00Z")))
        sessions.append(.stub(91, createdAt: utc("2026-11-20T08:00:00Z"), endedAt: utc("2026-11-21T08:00:00Z"), outcome: .errored))
        let overview = AnalyticsOverview.compute(sessions: sessions, window: Self.day, now: Self.now)
        #expect(overview.errorRate == rate)
        for outcome in SessionOutcome.allCases {
            #expect(overview.outcomes[outcome] == Int64(outcomes.count { $0 == outcome }))
        }
        #expect(overview.durations.count == Int64(outcomes.count))
    }

    @Test func countsByStatusApplicationAndUser() {
        var sessions: [AnalyticsSession] = []
        let start = utc("2026-11-23T08:00:00Z")
        // u00: 3 sessions, u01: 2, no user: 2, u02…u21: 1 each.
        for n in 0..<3 { sessions.append(.stub(100 + n, application: "claude", userID: "u00", createdAt: start)) }
        for n in 0..<2 { sessions.append(.stub(110 + n, application: "cursor", userID: "u01", createdAt: start, endedAt: start, outcome: .ok)) }
        for n in 0..<2 { sessions.append(.stub(120 + n, application: "claude", createdAt: start, endedAt: start, outcome: .errored)) }
        for n in 2..<22 { sessions.append(.stub(200 + n, application: "cli", userID: String(format: "u%02d", n), createdAt: start)) }
        // Outside the window: counted in `sample` only.
        sessions.append(.stub(999, application: "old", userID: "u00", createdAt: utc("2026-11-01T00:00:00Z"), endedAt: utc("2026-11-02T00:00:00Z")))
        let overview = AnalyticsOverview.compute(sessions: sessions, window: Self.day, now: Self.now, truncated: true)
        #expect(overview.sample == 28)
        #expect(overview.truncated)
        #expect(overview.activeNow == 23)
        #expect(overview.byStatus[.active] == 23)
        #expect(overview.byStatus[.completed] == 2)
        #expect(overview.byStatus[.failed] == 2)
        #expect(overview.byStatus[.idle] == 0)
        #expect(overview.byApplication == ["claude": 5, "cursor": 2, "cli": 20])
        #expect(overview.byUser.count == AnalyticsOverview.topUsers)
        // Ties by key: "(none)" sorts before "u01"; of the single ones u02…u18 make the cut.
        let expectedTop = [("u00", 3), ("(none)", 2), ("u01", 2)] + (2...18).map { (String(format: "u%02d", $0), 1) }
        #expect(overview.byUser.map(\.key) == expectedTop.map(\.0))
        #expect(overview.byUser.map(\.sessions) == expectedTop.map { Int64($0.1) })
        #expect(overview.otherUsers == 3)
    }

    @Test(arguments: [
        ("2026-11-23T00:00:00Z", 0, 0),
        ("2026-11-24T13:05:00Z", 1, 13),
        ("2026-11-25T14:30:00Z", 2, 14),
        ("2026-11-27T07:00:00Z", 4, 7),
        ("2026-11-29T23:59:59.999Z", 6, 23),
        ("1970-01-01T05:00:00Z", 3, 5),
        ("1969-12-29T10:00:00Z", 0, 10),
    ])
    func heatmapCellIsUTCWeekdayAndHour(_ created: String, _ weekday: Int, _ hour: Int) {
        let start = utc(created)
        let overview = AnalyticsOverview.compute(sessions: [.stub(1, createdAt: start)], window: Self.day, now: start.adding(.seconds(60)))
        #expect(overview.heatmap.count == 7)
        #expect(overview.heatmap.allSatisfy { $0.count == 24 })
        #expect(overview.heatmap[weekday][hour] == 1)
        #expect(overview.heatmap.joined().reduce(0, +) == 1)
    }

    @Test func heatmapCountsOnlySessionsStartedInTheWindow() {
        let now = utc("2026-11-30T00:00:00Z")
        let sessions: [AnalyticsSession] = [
            .stub(1, createdAt: utc("2026-11-23T09:10:00Z")),
            .stub(2, createdAt: utc("2026-11-23T09:50:00Z"), endedAt: utc("2026-11-23T10:00:00Z"), outcome: .ok),
            .stub(3, createdAt: utc("2026-11-28T21:00:00Z")),
            .stub(4, createdAt: utc("2026-11-22T09:00:00Z")),  // before the 7d window: alive in it, not started in it
        ]
        let overview = AnalyticsOverview.compute(sessions: sessions, window: .fixture("7d"), now: now)
        #expect(overview.heatmap[0][9] == 2)
        #expect(overview.heatmap[5][21] == 1)
        #expect(overview.heatmap[6][9] == 0)
        #expect(overview.heatmap.joined().reduce(0, +) == 3)
    }

    @Test func durationHistogramAndPercentiles() {
        let durations: [Int64] = [500, 1000, 1001, 5000, 29_999, 60_000, 300_001, 3_600_000, 43_200_000, 43_200_001]
        let end = utc("2026-11-20T00:00:00Z")
        var sessions = durations.enumerated().map { index, ms in
            AnalyticsSession.stub(index + 1, createdAt: end.adding(.milliseconds(-ms)), endedAt: end, outcome: .ok)
        }
        sessions.append(.stub(50, createdAt: utc("2026-11-20T00:00:00Z")))  // live: no duration
        let overview = AnalyticsOverview.compute(sessions: sessions, window: .fixture("30d"), now: Self.now)
        let d = overview.durations
        #expect(d.buckets.map(\.leMs) == AnalyticsDurations.upperBoundsMs.map(Optional.some) + [nil])
        #expect(d.buckets.map(\.count) == [2, 2, 1, 1, 0, 1, 1, 0, 1, 1])
        #expect(d.count == 10)
        #expect(d.p50Ms == 29_999)
        #expect(d.p90Ms == 43_200_000)
        #expect(d.p99Ms == 43_200_001)
    }

    @Test(arguments: [
        ([Int64](), Int64?.none, Int64?.none, Int64?.none),
        ([7], 7, 7, 7),
        ([3, 1, 2], 2, 3, 3),
        (Array(1...100), 50, 90, 99),
        (Array((1...1000).reversed()), 500, 900, 990),
    ])
    func percentilesAreNearestRank(_ sample: [Int64], _ p50: Int64?, _ p90: Int64?, _ p99: Int64?) {
        let durations = AnalyticsDurations(durationsMs: sample)
        #expect(durations.p50Ms == p50)
        #expect(durations.p90Ms == p90)
        #expect(durations.p99Ms == p99)
        #expect(durations.buckets.map(\.count).reduce(0, +) == Int64(sample.count))
    }

    @Test func emptyOverview() {
        let overview = AnalyticsOverview.compute(sessions: [], window: Self.day, now: Self.now)
        #expect(overview.errorRate == 0)
        #expect(overview.timeline.allSatisfy { $0.active == 0 })
        #expect(overview.timeline.allSatisfy { $0.started == 0 })
        let json = overview.json
        #expect(json["durations"]?["p50_ms"] == .null)
        #expect(json["durations"]?["count"] == 0)
        #expect(json["error_rate"] == .double(0))
        #expect(json["by_user"] == ["top": [], "other": 0])
    }

    @Test func jsonKeys() throws {
        let sessions: [AnalyticsSession] = [
            .stub(1, userID: "alice", createdAt: utc("2026-11-23T09:15:00Z"), endedAt: utc("2026-11-23T09:16:00Z"), outcome: .errored),
            .stub(2, application: "cursor", createdAt: utc("2026-11-23T10:00:00Z")),
        ]
        let json = AnalyticsOverview.compute(sessions: sessions, window: Self.day, now: Self.now).json
        #expect(
            json.keys == [
                "active_now", "by_application", "by_status", "by_user", "durations", "error_rate", "heatmap", "outcomes", "sample", "timeline",
                "truncated", "window",
            ]
        )
        #expect(json["window"]?.keys == ["bucket_ms", "from", "name", "until"])
        #expect(json["window"]?["from"] == "2026-11-22T12:00:00.000Z")
        #expect(json["active_now"] == 1)
        #expect(json["by_status"]?.keys == SessionStatus.allCases.map(\.rawValue).sorted())
        #expect(json["by_status"]?["failed"] == 1)
        #expect(json["by_application"] == ["app": 1, "cursor": 1])
        #expect(json["by_user"] == ["top": [["key": "(none)", "sessions": 1], ["key": "alice", "sessions": 1]], "other": 0])
        #expect(json["outcomes"] == ["ok": 0, "errored": 1, "crashed": 0, "abandoned": 0])
        #expect(json["error_rate"] == .double(1))
        let timeline = try #require(json["timeline"]?.arrayValue)
        #expect(timeline.count == 25)
        #expect(timeline[21] == ["time": "2026-11-23T09:00:00.000Z", "active": 1, "started": 1, "ended": 1, "failed": 1])
        let durations = try #require(json["durations"])
        #expect(durations.keys == ["buckets", "count", "p50_ms", "p90_ms", "p99_ms"])
        #expect(durations["buckets"]?.arrayValue.first == ["le_ms": 1000, "count": 0])
        #expect(durations["buckets"]?.arrayValue.last == ["le_ms": nil, "count": 0])
        #expect(durations["buckets"]?.arrayValue[3] == ["le_ms": 60_000, "count": 1])
        #expect(durations["p50_ms"] == 60_000)
        let heatmap = try #require(json["heatmap"]?.arrayValue)
        #expect(heatmap.map { $0.arrayValue.count } == Array(repeating: 24, count: 7))
        #expect(heatmap[0].arrayValue[9] == 1)
        #expect(json["sample"] == 2)
        #expect(json["truncated"] == false)
    }
}

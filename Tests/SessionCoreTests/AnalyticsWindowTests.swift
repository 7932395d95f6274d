import Foundation
import SessionCore
import Testing

struct AnalyticsWindowTests {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    @Test(arguments: [
        ("1h", "1h", hour, 2 * minute),
        ("2h", "2h", 2 * hour, 5 * minute),
        ("12h", "12h", 12 * hour, 30 * minute),
        ("24h", "24h", 24 * hour, hour),
        ("024h", "24h", 24 * hour, hour),
        ("1d", "1d", 24 * hour, hour),
        ("48h", "48h", 48 * hour, 2 * hour),
        ("7d", "7d", 7 * day, 6 * hour),
        ("14d", "14d", 14 * day, 12 * hour),
        ("30d", "30d", 30 * day, day),
        ("90d", "90d", 90 * day, 2 * day),
        ("2160h", "2160h", 90 * day, 2 * day),
    ])
    func parsesWindow(_ text: String, _ name: String, _ lengthMs: Int64, _ bucketMs: Int64) throws {
        let window = try AnalyticsWindow(text)
        #expect(window.name == name)
        #expect(window.description == name)
        #expect(window.lengthMs == lengthMs)
        #expect(window.bucketMs == bucketMs)
    }

    @Test(arguments: [
        "", "h", "d", "0h", "0d", "-1h", "+1h", "1.5h", "30m", "1w", "24", "24H", " 24h", "24h ", "1hh", "91d", "2161h", "9999999h", "١h",
    ])
    func rejectsWindow(_ text: String) {
        let error = #expect(throws: SessionError.self) { try AnalyticsWindow(text) }
        #expect(error?.code == .invalidArgument)
    }

    /// Every window, at an instant on a bucket boundary and off it: between 12 and 48 buckets that
    /// start at `from`, are contiguous, cover the nominal length and hold `now` in the last one.
    @Test(arguments: ["1h", "2h", "5h", "24h", "36h", "7d", "30d", "45d", "90d", "2160h"], ["2026-11-23T00:00:00Z", "2026-11-23T13:47:12.345Z"])
    func bucketsCoverTheWindow(_ text: String, _ nowText: String) throws {
        let window = try AnalyticsWindow(text)
        let now = utc(nowText)
        let from = window.from(now: now)
        let starts = window.bucketStarts(now: now)
        #expect((12...AnalyticsWindow.maximumBuckets).contains(starts.count))
        #expect(starts.first == from)
        #expect(from.milliseconds % window.bucketMs == 0, "buckets line up with the UTC clock")
        #expect(from <= now.adding(.milliseconds(-window.lengthMs)))
        #expect(now.milliseconds - window.lengthMs - from.milliseconds < window.bucketMs)
        for (a, b) in zip(starts, starts.dropFirst()) { #expect(b.milliseconds - a.milliseconds == window.bucketMs) }
        let last = try #require(starts.last)
        #expect(last <= now)
        #expect(now.milliseconds < last.milliseconds + window.bucketMs)
    }

    @Test func resolvesAtNow() throws {
        let window = try AnalyticsWindow("24h")
        let now = utc("2026-11-23T12:34:56.789Z")
        #expect(window.from(now: now).iso8601 == "2026-11-22T12:00:00.000Z")
        let starts = window.bucketStarts(now: now)
        #expect(starts.count == 25)
        #expect(starts[1].iso8601 == "2026-11-22T13:00:00.000Z")
        #expect(starts.last?.iso8601 == "2026-11-23T12:00:00.000Z")
        #expect(
            JSONWriter.string(window.json(now: now))
                == #"{"bucket_ms":3600000,"from":"2026-11-22T12:00:00.000Z","name":"24h","until":"2026-11-23T12:34:56.789Z"}"#
        )
    }

    @Test func dailyBucketsStartAtMidnight() throws {
        let now = utc("2026-11-23T18:00:00Z")
        let starts = try AnalyticsWindow("30d").bucketStarts(now: now)
        #expect(starts.first?.iso8601 == "2026-10-24T00:00:00.000Z")
        #expect(starts.last?.iso8601 == "2026-11-23T00:00:00.000Z")
        #expect(starts.count == 31)
    }

    @Test func last24HoursIsTheParsedWindow() throws {
        #expect(AnalyticsWindow.last24Hours == (try AnalyticsWindow("24h")))
    }

    @Test(arguments: [
        ("project", AnalyticsGrouping.project), ("user", .user), ("application", .application), ("window", .window), ("feature", .feature),
    ])
    func parsesGrouping(_ text: String, _ grouping: AnalyticsGrouping) throws {
        #expect(try AnalyticsGrouping(text) == grouping)
        #expect(grouping.name == text)
        #expect(AnalyticsGrouping.all.contains(grouping))
    }

    @Test(arguments: ["", "Project", "projects", "time", "features", " user"])
    func rejectsGrouping(_ text: String) {
        let error = #expect(throws: SessionError.self) { try AnalyticsGrouping(text) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func groupingsAreDistinct() {
        #expect(Set(AnalyticsGrouping.all).count == 5)
    }
}

import Foundation
import SessionCore
import Testing

struct FeatureGroupingTests {
    static let now = utc("2026-11-23T12:30:00Z")
    static let start = utc("2026-11-23T08:00:00Z")

    static func groups(_ profiles: [[String: Int64]], limit: Int = 50) -> AnalyticsGroups {
        let sessions = profiles.enumerated().map { index, types in
            AnalyticsSession.stub(index + 1, createdAt: start, events: types.values.reduce(0, +), eventTypes: types)
        }
        return AnalyticsGroups.compute(sessions: sessions, by: .feature, window: .fixture("24h"), now: now, limit: limit)
    }

    @Test func twoDifferentProfilesMakeTwoGroups() throws {
        let result = Self.groups([
            ["tool.call": 10, "user.prompt": 5, "error": 1],
            ["file.edit": 8, "build.run": 4],
            ["tool.call": 20, "user.prompt": 10, "error": 2],
            ["file.edit": 2, "build.run": 1],
            ["tool.call": 30, "user.prompt": 15, "error": 3],
        ])
        #expect(result.groups.map(\.key) == ["tool.call+user.prompt+error", "file.edit+build.run"])
        #expect(result.groups.map(\.sessions) == [3, 2])
        #expect(result.groups.map(\.events) == [96, 15])
        let tools = try #require(result.groups.first)
        #expect(tools.label == "tool.call, user.prompt, error")
        #expect(
            tools.types == [.init(type: "tool.call", share: 0.625), .init(type: "user.prompt", share: 0.3125), .init(type: "error", share: 0.0625)]
        )
        #expect(result.groups[1].types?.map(\.type) == ["file.edit", "build.run"])
    }

    @Test(arguments: [
        // cos({a:2,b:1}, {a:1}) = 0.894: together.
        ([["a": 2, "b": 1], ["a": 1]], ["a+b"]),
        // cos({a:1,b:1}, {a:1}) = 0.707: apart (groups of one session each, by key).
        ([["a": 1, "b": 1], ["a": 1]], ["a", "a+b"]),
        // Near-identical mixes: together.
        ([["a": 10, "b": 5], ["a": 11, "b": 5], ["a": 10, "b": 6]], ["a+b"]),
        // Nothing in common: apart.
        ([["y": 5], ["x": 1]], ["x", "y"]),
        // Equal weights rank by type name.
        ([["b": 1, "a": 1, "c": 1, "d": 1]], ["a+b+c"]),
    ])
    func similarityThreshold(_ profiles: [[String: Int64]], _ keys: [String]) {
        #expect(Self.groups(profiles).groups.map(\.key) == keys)
    }

    /// {a:9} then {a:6,b:2} (0.949 alike) make a centroid that {a:1,b:1} is 0.811 alike, though it is
    /// only 0.707 alike to the first session: the centroid is the running mean, not the first member.
    @Test func centroidIsTheRunningMean() {
        let result = Self.groups([["a": 9], ["a": 6, "b": 2], ["a": 1, "b": 1]])
        #expect(result.groups.map(\.key) == ["a+b"])
        #expect(result.groups.first?.sessions == 3)
    }

    @Test func engineTypesAreIgnored() throws {
        let result = Self.groups([
            ["session.created": 1, "session.state_changed": 30, "tool.call": 4],
            ["tool.call": 2, "session.ended": 1],
            ["session.created": 1, "session.ended": 1],
            [:],
        ])
        #expect(result.groups.map(\.key) == ["(no events)", "tool.call"])
        #expect(result.groups.map(\.sessions) == [2, 2])
        let tools = try #require(result.groups.last)
        #expect(tools.types == [.init(type: "tool.call", share: 1)])
        let none = try #require(result.groups.first)
        #expect(none.label == "No events")
        #expect(none.types == [])
    }

    @Test func profileLeavesOutEngineTypesAndIsUnitLength() {
        let profile = FeatureProfile(eventTypes: ["session.created": 1, "a": 3, "b": 4, "c": 0])
        #expect(profile.events == 7)
        #expect(profile.weights == ["a": 0.6, "b": 0.8])
        #expect(profile.similarity(to: FeatureProfile(eventTypes: ["a": 30, "b": 40, "session.ended": 9])) > 0.999_999)
        #expect(profile.similarity(to: FeatureProfile(eventTypes: ["c": 1])) == 0)
        #expect(FeatureProfile(eventTypes: ["session.created": 1]).isEmpty)
        #expect(profile.similarity(to: FeatureProfile(eventTypes: [:])) == 0)
    }

    /// {a:10,b:9,c:8} and {a:10,b:1,c:1} are only 0.74 alike, but their centroids rank the same top three:
    /// one name, so one group.
    @Test func clustersWithTheSameNameAreOneGroup() throws {
        let result = Self.groups([["a": 10, "b": 9, "c": 8], ["a": 10, "b": 1, "c": 1]])
        #expect(result.groups.map(\.key) == ["a+b+c"])
        let group = try #require(result.groups.first)
        #expect(group.sessions == 2)
        #expect(group.types?.map(\.type) == ["a", "b", "c"])
    }

    @Test func sameSessionsInAnyOrderGiveTheSameGroups() {
        let profiles: [[String: Int64]] = [
            ["a": 9], ["a": 6, "b": 2], ["a": 1, "b": 1], ["c": 3, "d": 1], ["d": 3, "c": 1], ["c": 2, "d": 2],
            ["e": 1], ["a": 1, "e": 1], [:], ["session.created": 1], ["b": 5, "e": 5], ["a": 4, "c": 4],
        ]
        let sessions = profiles.enumerated().map { index, types in
            AnalyticsSession.stub(index + 1, createdAt: Self.start, eventTypes: types)
        }
        func json(_ sessions: [AnalyticsSession]) -> String {
            JSONWriter.string(AnalyticsGroups.compute(sessions: sessions, by: .feature, window: .fixture("24h"), now: Self.now).json)
        }
        let expected = json(sessions)
        #expect(json(sessions.reversed()) == expected)
        for shift in 1..<sessions.count {
            #expect(json(Array(sessions[shift...] + sessions[..<shift])) == expected)
        }
        var interleaved = sessions.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        interleaved += sessions.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        #expect(json(interleaved) == expected)
    }

    @Test func featureGroupsHonourTheLimit() {
        let result = Self.groups([["a": 1], ["a": 2], ["b": 1], ["c": 1]], limit: 1)
        #expect(result.groups.map(\.key) == ["a"])
        #expect(result.otherSessions == 2)
    }

    @Test func jsonCarriesTypes() throws {
        let json = Self.groups([["tool.call": 3, "user.prompt": 1]]).json
        #expect(json["by"] == "feature")
        let group = try #require(json["groups"]?.arrayValue.first)
        #expect(group["key"] == "tool.call+user.prompt")
        #expect(group["types"] == [["type": "tool.call", "share": 0.75], ["type": "user.prompt", "share": 0.25]])
    }
}

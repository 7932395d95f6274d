import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import Testing

@Suite struct AnalyticsAPITests {
    @Test func overviewAndGroupsDescribeTheSessionsOfTheWindow() async throws {
        try await ServerFixture.withServer { client, manager in
            var ids: [String] = []
            for (app, user) in [("agent", "alice"), ("agent", "bob"), ("ide", "alice")] {
                ids.append(try await client.createSession(["application": .string(app), "user_id": .string(user)]))
            }
            for _ in 0..<3 { try await client.send(.post, "/v1/sessions/\(ids[0])/events", json: ["type": "tool.call"]) }
            try await client.send(.post, "/v1/sessions/\(ids[0])/end", json: [:])
            for _ in 0..<3 { try await client.send(.post, "/v1/sessions/\(ids[1])/events", json: ["type": "user.prompt"]) }
            try await client.send(.post, "/v1/sessions/\(ids[1])/fail", json: ["reason": "tool crashed"])

            let overview = try await client.send(.get, "/v1/analytics/overview?window=24h")
            #expect(overview.status == .ok)
            let o = try overview.json()
            #expect(o["active_now"] == 1)
            #expect(o["sample"] == 3)
            #expect(o["truncated"] == false)
            #expect(o["by_application"] == ["agent": 2, "ide": 1])
            #expect(o["outcomes"]?["ok"] == 1)
            #expect(o["outcomes"]?["errored"] == 1)
            #expect(o["error_rate"] == 0.5)
            #expect(o["durations"]?["count"] == 2)
            let heat = o["heatmap"]?.arrayValue?.flatMap { $0.arrayValue ?? [] }.compactMap(\.int64Value) ?? []
            #expect(heat.count == 7 * 24)
            #expect(heat.reduce(0, +) == 3)
            #expect((o["timeline"]?.arrayValue?.count ?? 0) >= 12)

            let byApp = try await client.send(.get, "/v1/analytics/groups?by=application&window=7d").json()
            let groups = byApp["groups"]?.arrayValue ?? []
            #expect(groups.map { $0["key"]?.stringValue ?? "" } == ["agent", "ide"])
            #expect(groups.first?["ended"] == 2)
            #expect(groups.first?["error_rate"] == 0.5)

            // Feature usage: the tool.call session and the user.prompt session land in different groups.
            let features = try await client.send(.get, "/v1/analytics/groups?by=feature").json()
            let keys = Set((features["groups"]?.arrayValue ?? []).compactMap { $0["key"]?.stringValue })
            #expect(keys.contains("tool.call"))
            #expect(keys.contains("user.prompt"))

            // A user-bound token sees its own sessions only.
            let alice = try await AuthTests.mint(manager, .reader, user: "alice")
            let own = try await client.send(.get, "/v1/analytics/overview?user=bob", headers: alice).json()
            #expect(own["sample"] == 2)
            #expect(own["by_application"] == ["agent": 1, "ide": 1])
        }
    }

    @Test(arguments: [
        "/v1/analytics/overview?window=forever", "/v1/analytics/overview?window=0h", "/v1/analytics/groups",
        "/v1/analytics/groups?by=colour", "/v1/analytics/groups?by=user&limit=0", "/v1/analytics/groups?by=user&limit=x",
    ])
    func badAnalyticsQueriesGetProblems(_ uri: String) async throws {
        try await ServerFixture.withServer { client, _ in
            let response = try await client.send(.get, uri)
            #expect(response.status == .badRequest)
            #expect(response.problemCode == "invalid_argument")
        }
    }
}

import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import SessionCore
import SessionDemo
import SessionKit
import SessionStore
import TestSupport
import Testing

@Suite struct DemoGeneratorTests {
    /// An engine on a fresh temp store and a manual clock.
    func withManager(_ body: (SessionManager, ManualClock) async throws -> Void) async throws {
        let clock = ManualClock()
        try await withTemporaryEngine(clock: clock) { manager, _ in try await body(manager, clock) }
    }

    func allSessions(_ manager: SessionManager) async throws -> [Session] {
        var sessions: [Session] = []
        var cursor: String?
        repeat {
            let page = try await manager.sessions(SessionQuery(limit: 1000, cursor: cursor))
            sessions += page.sessions
            cursor = page.nextCursor
        } while cursor != nil
        return sessions
    }

    @Test func historyOnAnEmptyStoreIsARealisticMix() async throws {
        try await withManager { manager, clock in
            let generator = DemoGenerator(manager: manager, configuration: .init(seed: 7))
            let started = ContinuousClock.now
            let written = try await generator.seedIfEmpty()
            let took = ContinuousClock.now - started
            print("demo history: \(written.sessions) sessions, \(written.events) events in \(took)")

            let sessions = try await allSessions(manager)
            #expect(sessions.count == written.sessions)
            #expect((250...700).contains(sessions.count))
            #expect(Set(sessions.map(\.application)) == ["claude-code", "cursor", "aider", "vscode", "zed", "cli-assistant"])
            #expect(Set(sessions.compactMap(\.userID)) == ["alice", "bob", "carol", "dave", "erin"])
            #expect(Set(sessions.compactMap(\.projectKey)).count >= 5)
            #expect(sessions.contains { $0.projectKey == "github.com/acme/api" })

            // Hierarchies: agents with sub-agents, some with sub-sub-agents.
            let children = sessions.filter { $0.parentID != nil }
            #expect(children.count >= 60)
            #expect(sessions.contains { $0.depth == 2 })
            #expect(sessions.contains { $0.parentID == nil && $0.counters.children >= 3 })

            // Every ending, all over by now.
            let statuses = Set(sessions.map(\.status))
            #expect(statuses.isSuperset(of: [.completed, .failed, .expired, .terminated]))
            #expect(sessions.allSatisfy { !$0.status.isLive })
            #expect(sessions.contains { $0.endReason == "heartbeat_lost" })
            #expect(sessions.contains { $0.endReason == "parent_closed" })
            #expect(sessions.contains { $0.endReason == "idle_timeout" })
            let completed = sessions.filter { $0.status == .completed }.count
            #expect(completed * 2 > sessions.count)

            // Tokens, costs, tool calls and errors.
            #expect(sessions.reduce(Int64(0)) { $0 + $1.counters.tokens } > 1_000_000)
            #expect(sessions.reduce(0.0) { $0 + $1.counters.costUSD } > 1)
            #expect(sessions.contains { $0.counters.toolCalls > 0 })
            #expect(sessions.contains { $0.counters.errors > 0 })

            // Spread over the past week, busier on working hours.
            let now = clock.now()
            #expect(sessions.allSatisfy { $0.createdAt < now })
            #expect(sessions.allSatisfy { $0.createdAt >= now.adding(.seconds(-7 * 86_400)) })
            let times = sessions.filter { $0.parentID == nil }.map { DemoScenario.weekdayAndHour($0.createdAt) }
            #expect(Set(times.map(\.weekday)).count == 7)
            #expect(Set(times.map(\.hour)).count >= 18)
            #expect(times.filter { (9...16).contains($0.hour) }.count > 3 * times.filter { (0...5).contains($0.hour) }.count)

            // A root's context and events look like a real tool's.
            let agent = try #require(sessions.first { $0.parentID == nil && $0.counters.children > 0 && $0.status == .completed })
            #expect(agent.context["project"]?["git"]?["remote"]?.stringValue?.hasPrefix("https://") == true)
            #expect(agent.context["project"]?["cwd"] != nil)
            #expect(agent.context["project"]?["git"]?["branch"] != nil)
            #expect(agent.labels["demo"] == "true")
            let events = try await manager.events(agent.id, limit: 1000).events
            let types = Set(events.map(\.type))
            #expect(types.isSuperset(of: ["user.prompt", "tool.call", "tool.result", "model.usage", "assistant.response"]))
            let usage = try #require(events.first { $0.type == "model.usage" })
            #expect(usage.data["usage"]?["input_tokens"]?.int64Value != nil)
            #expect(usage.data["cost_usd"]?.doubleValue != nil)
            #expect(events.contains { $0.type == "tool.call" && $0.data["duration_ms"]?.int64Value != nil })
            #expect(agent.state["step"]?.int64Value ?? 0 >= 1)
            #expect(agent.state["plan"]?["goal"] != nil)
            #expect(try await manager.verify(agent.id).isIntact)
            #expect(events.allSatisfy { $0.time >= agent.createdAt })
            #expect(events.allSatisfy { $0.time <= (agent.endedAt ?? now) })
        }
    }

    struct Summary: Hashable {
        var application: String
        var user: String?
        var depth: Int
        var status: SessionStatus
        var createdAt: Timestamp
        var endedAt: Timestamp?
        var counters: SessionCounters
        var state: JSONValue
    }

    @Test func historyIsDeterministicForASeed() async throws {
        var runs: [[Summary]] = []
        for seed: UInt64 in [11, 11, 12] {
            try await withManager { manager, _ in
                var configuration = DemoGenerator.Configuration(seed: seed)
                configuration.historyRoots = 40
                try await DemoGenerator(manager: manager, configuration: configuration).seedIfEmpty()
                let sessions = try await allSessions(manager)
                runs.append(
                    sessions.map { Summary(application: $0.application, user: $0.userID, depth: $0.depth, status: $0.status, createdAt: $0.createdAt, endedAt: $0.endedAt, counters: $0.counters, state: $0.state) }
                        .sorted { ($0.createdAt, $0.depth) < ($1.createdAt, $1.depth) })
            }
        }
        #expect(runs[0].count > 20)
        #expect(runs[0] == runs[1])
        #expect(runs[0] != runs[2])
    }

    @Test func historyIsSkippedOnANonEmptyStore() async throws {
        try await withManager { manager, _ in
            _ = try await manager.create(SessionSpec(application: "mine"))
            let written = try await DemoGenerator(manager: manager).seedIfEmpty()
            #expect(written.sessions == 0)
            #expect(written.events == 0)
            #expect(try await allSessions(manager).map(\.application) == ["mine"])
        }
        try await withManager { manager, _ in
            var configuration = DemoGenerator.Configuration(seed: 3)
            configuration.historyRoots = 10
            let generator = DemoGenerator(manager: manager, configuration: configuration)
            #expect(try await generator.seedIfEmpty().sessions > 0)
            let count = try await allSessions(manager).count
            #expect(try await generator.seedIfEmpty().sessions == 0)  // a restart adds no second history
            #expect(try await allSessions(manager).count == count)
        }
    }

    @Test func liveStepsStartAppendToAndEndSessions() async throws {
        try await withManager { manager, clock in
            let generator = DemoGenerator(manager: manager, configuration: .init(seed: 5))
            var live = generator.makeLive()
            var livePeak = 0
            // Six simulated minutes at 300 ms a step, with a sweeper pass every 5 s as `serve` runs.
            for step in 1...1_200 {
                clock.advance(by: .milliseconds(300))
                await live.step()
                if step % 17 == 0 {
                    _ = try await manager.sweep()
                    livePeak = max(livePeak, try await manager.sessions(SessionQuery(statuses: SessionStatus.live, limit: 1000)).sessions.count)
                }
            }
            let sessions = try await allSessions(manager)
            print("demo live:", Dictionary(grouping: sessions, by: \.status).mapValues(\.count), "peak", livePeak)
            #expect(sessions.count >= 15)
            #expect(live.player.created == sessions.count)
            #expect(live.player.appended > 200)
            #expect((5...30).contains(livePeak))
            #expect(sessions.contains { $0.status.isLive })
            #expect(sessions.contains { $0.status == .completed })
            #expect(sessions.contains { $0.parentID != nil })
            let ended = sessions.filter { !$0.status.isLive }
            #expect(ended.count >= 5)
            // Short policies: the sweeper idles and expires the quiet ones.
            #expect(sessions.contains { $0.status == .expired || $0.endReason == "heartbeat_lost" })
            #expect(sessions.allSatisfy { $0.policy.expireAfter == .seconds(45) })
            // Events come a few hundred milliseconds apart, one append each (a step may play several).
            let busiest = try #require(sessions.max { $0.counters.events < $1.counters.events })
            let events = try await manager.events(busiest.id, limit: 1000).events.filter { !$0.type.hasPrefix("session.") }
            #expect(events.count >= 5)
            #expect(Set(events.map(\.time)).count * 2 >= events.count)
        }
    }

    @Test func runPlaysLiveSessionsUntilGracefulShutdown() async throws {
        try await withManager { manager, clock in
            var configuration = DemoGenerator.Configuration(seed: 9)
            configuration.historyRoots = 5
            configuration.tickInterval = .milliseconds(300)
            // Each tick moves the engine's clock on by the tick: no real waiting.
            let generator = DemoGenerator(manager: manager, configuration: configuration, clock: SteppingClock(driving: clock))
            let seeded = try await generator.seedIfEmpty().sessions
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await generator.run() }
                    while try await manager.sessions(SessionQuery(limit: 1000)).sessions.count < seeded + 4 {
                        await Task.yield()
                    }
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }
            #expect(try await manager.sessions(SessionQuery(statuses: SessionStatus.live, limit: 1000)).sessions.count >= 4)
        }
    }
}

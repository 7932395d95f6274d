import SessionCore
import SessionDemo
import Testing

@Suite struct DemoScenarioTests {
    static let week: Duration = .seconds(7 * 86_400)

    /// Per session: its steps' kinds in order, with the parent key of its create.
    func checkScripts(_ steps: [DemoStep]) {
        var created: [Int: Timestamp] = [:]
        var closed: Set<Int> = []
        for step in steps {
            switch step.operation {
            case .create(_, let parent):
                #expect(created[step.session] == nil, "created twice")
                if let parent {
                    #expect(created[parent] != nil, "child before its parent")
                    #expect(!closed.contains(parent), "child after its parent's end")
                }
                created[step.session] = step.at
            case .sweep:
                continue
            case .end, .fail, .terminate:
                #expect(created[step.session] != nil)
                #expect(!closed.contains(step.session))
                closed.insert(step.session)
            case .append(let events):
                #expect(created[step.session] != nil, "step outside the session's life")
                #expect(!closed.contains(step.session), "step outside the session's life")
                #expect(!events.isEmpty)
            case .heartbeat, .suspend, .resume:
                #expect(created[step.session] != nil, "step outside the session's life")
                #expect(!closed.contains(step.session), "step outside the session's life")
            }
        }
    }

    @Test func historyIsOrderedWithinTheSpanAndConsistent() {
        var scenario = DemoScenario(seed: 1)
        let steps = scenario.history(now: T.t0, roots: 150, span: Self.week)
        #expect(steps.count > 1_000)
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.at <= $1.at })
        #expect(steps.allSatisfy { $0.at < T.t0 })
        #expect(steps.allSatisfy { $0.at >= T.t0.adding(.seconds(-7 * 86_400)) })
        checkScripts(steps)
        let roots = steps.filter {
            if case .create(_, nil) = $0.operation { return true }
            return false
        }
        #expect((100...200).contains(roots.count))
        let events = steps.flatMap {
            if case .append(let events) = $0.operation { return events }
            return []
        }
        #expect(Set(events.map(\.type)) == ["user.prompt", "tool.call", "tool.result", "file.edit", "model.usage", "assistant.response", "error"])
        #expect(events.filter { $0.type == "model.usage" }.allSatisfy { $0.data["usage"]?["output_tokens"]?.int64Value != nil })
        #expect(steps.contains { $0.operation == .sweep })
    }

    @Test func sameSeedSameSteps() {
        var a = DemoScenario(seed: 99)
        var b = DemoScenario(seed: 99)
        var c = DemoScenario(seed: 100)
        let history = a.history(now: T.t0, roots: 30, span: Self.week)
        #expect(history == b.history(now: T.t0, roots: 30, span: Self.week))
        #expect(history != c.history(now: T.t0, roots: 30, span: Self.week))
        for tick in 0..<50 {
            #expect(a.advance(to: T.at(Int64(tick) * 300)) == b.advance(to: T.at(Int64(tick) * 300)))
        }
    }

    @Test func liveKeepsAHandfulOfSessionsGoing() {
        var scenario = DemoScenario(seed: 4, liveSessions: 5...10)
        var played: [DemoStep] = []
        var running: [Int] = []
        // Ten minutes at 300 ms a tick.
        for tick in 0..<2_000 {
            let now = T.at(Int64(tick) * 300)
            let due = scenario.advance(to: now)
            #expect(due.allSatisfy { $0.at <= now })
            played += due
            if tick > 100 { running.append(scenario.runningSessions) }
        }
        checkScripts(played)
        #expect(!played.contains { $0.operation == .sweep })  // live, the server's sweeper does that
        #expect(running.min()! >= 1)
        #expect(running.max()! <= 20)
        #expect(Double(running.reduce(0, +)) / Double(running.count) >= 5)
        let creates = played.filter {
            if case .create = $0.operation { return true }
            return false
        }
        #expect(creates.count >= 15)
        #expect(played.contains { if case .end = $0.operation { return true } else { return false } })
        #expect(played.contains { if case .fail = $0.operation { return true } else { return false } })
        // Events every few hundred milliseconds overall.
        let appends = played.filter { if case .append = $0.operation { return true } else { return false } }
        #expect(appends.count > 600)
    }

    @Test func workingHoursOnWeekdaysAreBusiest() {
        // 2023-11-13 was a Monday.
        let monday = Timestamp(iso8601: "2023-11-13T00:00:00Z")!
        #expect(DemoScenario.weekdayAndHour(monday.adding(.seconds(10 * 3600))) == (0, 10))
        let mondayMorning = DemoScenario.intensity(monday.adding(.seconds(10 * 3600)))
        let mondayNight = DemoScenario.intensity(monday.adding(.seconds(3 * 3600)))
        let saturdayMorning = DemoScenario.intensity(monday.adding(.seconds((5 * 24 + 10) * 3600)))
        #expect(mondayMorning > saturdayMorning)
        #expect(saturdayMorning > mondayNight)
    }
}

import SessionCore

extension DemoScenario {
    /// How a simulated session ends.
    package enum Ending: Sendable, Hashable, CaseIterable {
        /// `end`: completed, outcome ok.
        case completed
        /// An `error` event, then `fail`.
        case failed
        /// Goes quiet: idle, then expired by the sweeper.
        case expired
        /// An admin terminates it (its sub-agents with it: `parent_closed`).
        case terminated
        /// Heartbeats stop: the sweeper fails it with `heartbeat_lost`.
        case heartbeatLost
    }

    /// Who is doing what where: shared by a root session and its sub-agents.
    struct Cast {
        var app: DemoCatalog.Application
        var model: DemoCatalog.Model
        var project: DemoCatalog.Project
        var prompt: String
    }

    /// One session being written: its key, its place in the tree and what it has done so far.
    struct Actor {
        var key: Int
        var depth: Int
        var cast: Cast
        var role: (role: String, task: String)?
        var turns: Int
        var step = 0
        var files: [String] = []
        /// The error code of the failing turn, once there was one.
        var failure: String?
    }

    /// The steps of one root session and its sub-agents, sorted by time, from `start`.
    mutating func script(start: Timestamp, pacing: DemoPacing) -> [DemoStep] {
        let user = rng.weighted(DemoCatalog.users.map { ($0, $0.weight) })
        let app: DemoCatalog.Application
        if rng.chance(0.8) {
            let name = rng.pick(user.favourites)
            app = DemoCatalog.applications.first { $0.name == name } ?? DemoCatalog.applications[0]
        } else {
            app = rng.weighted(DemoCatalog.applications.map { ($0, $0.weight) })
        }
        let projectKeys = DemoCatalog.teamProjects[user.team] ?? ["github.com/acme/api"]
        let projectKey = rng.weighted(projectKeys.enumerated().map { ($0.element, 1.0 / Double($0.offset + 1)) })
        let project = DemoCatalog.project(projectKey)
        let cast = Cast(app: app, model: rng.pick(app.models), project: project, prompt: rng.pick(project.prompts))

        var policy = pacing.policy
        if app.heartbeats { policy.heartbeatInterval = pacing.heartbeatInterval }
        let spec = SessionSpec(
            application: app.name, userID: user.name, projectKey: project.key, context: context(user: user, cast: cast),
            labels: ["team": user.team, "demo": "true"], policy: policy)

        // Live, a few more go quiet, so a short demo shows the sweeper at work too.
        let quiet = pacing.sweeps ? 1.0 : 1.6
        let ending: Ending =
            app.heartbeats
            ? rng.weighted([(.completed, 0.62), (.failed, 0.1), (.expired, 0.04 * quiet), (.terminated, 0.06), (.heartbeatLost, 0.18 * quiet)])
            : rng.weighted([(.completed, 0.7), (.failed, 0.13), (.expired, 0.11 * quiet), (.terminated, 0.06)])
        var steps: [DemoStep] = []
        var actor = Actor(key: newKey(), depth: 0, cast: cast, role: nil, turns: rng.int(app.turns) * pacing.turnScale)
        _ = run(&actor, spec: spec, parent: nil, start: start, ending: ending, pacing: pacing, into: &steps)
        return Self.ordered(steps)
    }

    private mutating func newKey() -> Int {
        defer { nextKey += 1 }
        return nextKey
    }

    /// What ``ContextCapture`` would have found on the user's machine.
    private mutating func context(user: DemoCatalog.User, cast: Cast) -> JSONValue {
        let home = user.os == "macOS" ? "/Users/\(user.name)" : "/home/\(user.name)"
        let cwd = "\(home)/src/\(cast.project.name)"
        let git: JSONValue = [
            "root": .string(cwd), "branch": .string(rng.pick(DemoCatalog.branches)), "commit": .string(rng.hex(40)),
            "dirty": .bool(rng.chance(0.4)), "remote": .string(cast.project.remote),
        ]
        return [
            "project": ["cwd": .string(cwd), "git": git],
            "user": ["name": .string(user.name)],
            "app": ["name": .string(cast.app.name), "version": .string(cast.app.version)],
            "system": [
                "os": .string(user.os), "os_version": .string(user.osVersion), "arch": .string(user.arch),
                "hostname": .string("\(user.name)-\(user.os == "macOS" ? "mbp" : "ws")"),
            ],
        ]
    }

    /// Writes one session (and, recursively, its sub-agents) from `start`; returns the time of
    /// its last step and whether it succeeded.
    private mutating func run(
        _ actor: inout Actor, spec: SessionSpec, parent: Int?, start: Timestamp, ending: Ending, pacing: DemoPacing,
        into steps: inout [DemoStep]
    ) -> (last: Timestamp, ok: Bool) {
        let key = actor.key
        var t = start
        func emit(_ at: Timestamp, _ operation: DemoStep.Operation) { steps.append(DemoStep(at: at, session: key, operation: operation)) }
        func later(_ range: ClosedRange<Int64>) -> Timestamp { t.adding(.milliseconds(rng.milliseconds(range))) }

        emit(t, .create(spec, parent: parent))
        t = later(pacing.settle)
        let heartbeats = spec.policy.heartbeatInterval
        let spawns: Bool
        switch actor.depth {
        case 0: spawns = rng.chance(actor.cast.app.subAgents)
        case 1: spawns = actor.cast.app.subAgents > 0 && rng.chance(0.25)
        default: spawns = false
        }
        if ending == .terminated, !spawns { actor.turns = rng.int(1...max(1, actor.turns - 1)) }
        let pauseTurn = actor.depth == 0 && actor.turns > 2 && rng.chance(heartbeats == nil ? 0.15 : 0.12) ? rng.int(1...(actor.turns - 1)) : nil
        var lastActivity = t

        for turn in 0..<actor.turns {
            if turn > 0 {
                let gap = rng.milliseconds(pacing.turnGap)
                if let heartbeats, gap > heartbeats.milliseconds * 3 / 2 { emit(t.adding(.milliseconds(gap / 2)), .heartbeat) }
                t = t.adding(.milliseconds(gap))
            }
            if turn == pauseTurn {
                if heartbeats == nil {
                    // Quiet long enough to go idle; the next turn makes it active again.
                    if pacing.sweeps { emit(lastActivity.adding(spec.policy.idleAfter).adding(.seconds(1)), .sweep) }
                    t = max(t, lastActivity.adding(.milliseconds(rng.milliseconds(pacing.idleGap))))
                } else {
                    emit(t, .suspend(reason: "laptop asleep"))
                    t = later(pacing.suspendGap)
                    emit(t, .resume(reason: "laptop awake"))
                    t = later(pacing.settle)
                }
            }
            let failing = ending == .failed && turn == actor.turns - 1
            let prompt = turn == 0 ? (actor.role?.task ?? actor.cast.prompt) : (actor.role == nil && rng.chance(0.5) ? rng.pick(Self.followUps) : nil)
            t = play(turn: turnEvents(&actor, prompt: prompt, failing: failing), at: t, pacing: pacing, emit: emit)
            lastActivity = t

            if turn == 0, spawns {
                let outcome = spawn(&actor, at: t, ending: ending, pacing: pacing, into: &steps)
                if let terminatedAt = outcome.terminatedAt {
                    emit(terminatedAt, .terminate(reason: rng.pick(DemoCatalog.terminateReasons)))
                    return (terminatedAt, false)
                }
                t = outcome.last
                lastActivity = t
            }
        }

        t = later(pacing.settle)
        switch ending {
        case .completed:
            emit(t, .end(reason: rng.pick(DemoCatalog.endReasons)))
            return (t, true)
        case .failed:
            emit(t, .fail(reason: actor.failure ?? "error"))
            return (t, false)
        case .terminated:
            emit(t, .terminate(reason: rng.pick(DemoCatalog.terminateReasons)))
            return (t, false)
        case .expired:
            guard pacing.sweeps else { return (lastActivity, false) }
            let policy = spec.policy
            let expireAfter = policy.expireAfter ?? SessionPolicy.defaultExpireAfter
            emit(lastActivity.adding(policy.idleAfter).adding(.seconds(1)), .sweep)
            emit(lastActivity.adding(.milliseconds(expireAfter.milliseconds / 2)).adding(.seconds(1)), .sweep)
            let expired = lastActivity.adding(expireAfter).adding(.seconds(1))
            emit(expired, .sweep)
            return (expired, false)
        case .heartbeatLost:
            let interval = heartbeats ?? pacing.heartbeatInterval
            var seen = lastActivity
            for _ in 0..<rng.int(1...2) {
                seen = seen.adding(interval)
                emit(seen, .heartbeat)
            }
            guard pacing.sweeps else { return (seen, false) }
            let lost = seen.adding(.milliseconds(interval.milliseconds * SessionPolicy.missedHeartbeatLimit)).adding(.seconds(1))
            emit(lost, .sweep)
            return (lost, false)
        }
    }

    /// Starts 1 to 4 sub-agents (1 or 2 below a sub-agent) at `start` and has the parent wait for
    /// them: a `tool.call` of `task` each, a `tool.result` as each one finishes, and heartbeats
    /// while it waits. A parent that is to be terminated is terminated while they run.
    private mutating func spawn(
        _ parent: inout Actor, at start: Timestamp, ending: Ending, pacing: DemoPacing, into steps: inout [DemoStep]
    ) -> (last: Timestamp, terminatedAt: Timestamp?) {
        let count = parent.depth == 0 ? rng.weighted([(1, 0.25), (2, 0.35), (3, 0.25), (4, 0.15)]) : rng.int(1...2)
        let roles = rng.sample(DemoCatalog.roles, count: count)
        let parentKey = parent.key
        var calls: [NewEvent] = []
        for role in roles {
            calls.append(NewEvent(type: "tool.call", data: ["tool": "task", "agent": .string(role.role), "description": .string(role.task)]))
        }
        steps.append(DemoStep(at: start, session: parentKey, operation: .append(calls)))

        var children: [(role: String, last: Timestamp, ok: Bool, steps: [DemoStep])] = []
        for role in roles {
            var child = Actor(key: newKey(), depth: parent.depth + 1, cast: parent.cast, role: role, turns: rng.int(2...4) * pacing.turnScale)
            let spec = SessionSpec(
                context: ["agent": ["role": .string(role.role), "task": .string(role.task)]],
                labels: ["role": role.role, "demo": "true"], policy: pacing.policy)
            let childEnding: Ending = rng.chance(0.12) ? .failed : .completed
            var childSteps: [DemoStep] = []
            let childStart = start.adding(.milliseconds(rng.milliseconds(1...pacing.settle.upperBound)))
            let result = run(&child, spec: spec, parent: parentKey, start: childStart, ending: childEnding, pacing: pacing, into: &childSteps)
            children.append((role.role, result.last, result.ok, childSteps))
        }
        let finished = children.map(\.last).max() ?? start

        if ending == .terminated {
            // Terminated while its sub-agents run: the engine closes them with parent_closed.
            let first = children.map(\.last).min() ?? finished
            let at = start.adding(.milliseconds(max(1, first.milliseconds(since: start) * 6 / 10)))
            for child in children { steps.append(contentsOf: child.steps.filter { $0.at < at }) }
            return (finished, at)
        }
        for child in children { steps.append(contentsOf: child.steps) }

        // Wait: heartbeats keep the parent from expiring while it has nothing to say.
        let every = max(1, parent.cast.app.heartbeats ? pacing.heartbeatInterval.milliseconds : (pacing.policy.expireAfter ?? SessionPolicy.defaultExpireAfter).milliseconds / 4)
        var beat = start.milliseconds + every
        while beat < finished.milliseconds {
            steps.append(DemoStep(at: Timestamp(milliseconds: beat), session: parentKey, operation: .heartbeat))
            beat += every
        }
        var last = finished
        for child in children.sorted(by: { $0.last < $1.last }) {
            let at = child.last.adding(.milliseconds(rng.milliseconds(20...400)))
            let result = NewEvent(
                type: "tool.result",
                data: ["tool": "task", "agent": .string(child.role), "ok": .bool(child.ok), "duration_ms": .int(child.last.milliseconds(since: start))])
            steps.append(DemoStep(at: at, session: parentKey, operation: .append([result])))
            last = max(last, at)
        }
        return (last, nil)
    }

    static let followUps = [
        "Now add a test for that", "Can you make it shorter?", "Run the tests again", "Also handle the empty case",
        "Looks good, commit it", "Explain why that works",
    ]
}

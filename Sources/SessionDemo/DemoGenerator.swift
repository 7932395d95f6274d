public import Logging
public import ServiceLifecycle
import SessionCore
public import SessionKit
import SessionStore

/// Simulated tool and agent sessions for a demo: a week of history in an empty store, then
/// live sessions that keep coming, so a dashboard has something to show (`sessiond serve --demo`).
///
/// ``seedIfEmpty()`` writes the history: a few hundred sessions of `claude-code`, `cursor`,
/// `aider`, `vscode`, `zed` and `cli-assistant` run by five users on six repositories, busier in
/// working hours on weekdays (UTC), agents with sub-agents, events with tool calls, edits, tokens
/// and costs, and every ending: completed, failed, expired, terminated, `heartbeat_lost`. It runs
/// the engine on a clock it moves through the past, so every time stamp is where it would have been.
///
/// ``run()`` seeds (if the store is still empty), then every ``Configuration/tickInterval`` plays
/// the live sessions' due moves: new sessions start while fewer than ``Configuration/liveSessions``
/// run, events come every few hundred milliseconds, sessions end, fail, or go quiet so the
/// server's ``SessionSweeper`` idles and expires them (live sessions idle after 8 s, expire after
/// 45 s, last at most 10 minutes). Every generated root session has the label `demo=true`.
///
/// Everything goes through ``SessionManager``'s public operations. The lifecycle logs of the
/// simulated sessions are kept at `notice` and above, so the demo does not flood the log.
///
/// > Important: Seed before a ``SessionSweeper`` on the same store starts: the sweeper runs on
/// > today's clock and would end the history's sessions halfway through their replay.
public struct DemoGenerator: Service {
    /// What to generate.
    public struct Configuration: Sendable {
        /// Seeds the random number generator: the same seed (and clock) gives the same sessions.
        /// Default: a random seed.
        public var seed: UInt64
        /// About how many root sessions the history holds; sub-agents come on top (about 0.8
        /// per root). Default 200.
        public var historyRoots: Int = 200
        /// How far back the history goes. Default 7 days.
        public var history: Duration = .seconds(7 * 86_400)
        /// How many live sessions, sub-agents included, to keep running; sessions gone quiet
        /// wait for the sweeper on top. Default 5...10.
        public var liveSessions: ClosedRange<Int> = 5...10
        /// Time between two live steps. Default 300 ms.
        public var tickInterval: Duration = .milliseconds(300)

        public init(seed: UInt64 = .random(in: .min ... .max)) {
            self.seed = seed
        }
    }

    /// The engine the sessions go through.
    public let manager: SessionManager
    public let configuration: Configuration
    let clock: any Clock<Duration>
    let logger: Logger

    /// - Parameters:
    ///   - manager: the engine to drive; its clock stamps the live sessions and says when "now" is.
    ///   - clock: what ``run()`` sleeps on between live steps.
    public init(
        manager: SessionManager, configuration: Configuration = Configuration(), clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "sessiond.demo")
    ) {
        self.manager = manager
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Writes the history if the store holds no session at all; restarting a demo on the same
    /// store adds no second history.
    ///
    /// - Returns: the sessions and client events written; zeros if the store was not empty.
    @discardableResult
    public func seedIfEmpty() async throws -> (sessions: Int, events: Int) {
        guard configuration.historyRoots > 0 else { return (0, 0) }
        guard try await manager.sessions(SessionQuery(limit: 1)).sessions.isEmpty else {
            logger.debug("demo history skipped: the store has sessions")
            return (0, 0)
        }
        let started = ContinuousClock.now
        let now = manager.clock.now()
        var scenario = DemoScenario(seed: configuration.seed, liveSessions: configuration.liveSessions)
        let steps = scenario.history(now: now, roots: configuration.historyRoots, span: configuration.history)
        let past = DemoHistoryClock(steps.first?.at ?? now)
        var player = DemoPlayer(manager: manager.with(clock: past, logger: quietLogger))
        for step in steps {
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            past.set(step.at)
            await player.play(step)
        }
        logger.info(
            "demo history seeded",
            metadata: ["demo.sessions": "\(player.created)", "demo.events": "\(player.appended)", "demo.duration": "\(ContinuousClock.now - started)"])
        return (player.created, player.appended)
    }

    /// Seeds an empty store, then plays live sessions until graceful shutdown.
    public func run() async throws {
        do {
            try await seedIfEmpty()
        } catch {
            logger.error("demo history failed", metadata: ["error": "\(error)"])
        }
        var live = makeLive()
        let clock = self.clock
        let interval = configuration.tickInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await live.step()
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                return  // cancelled or shutting down
            }
        }
    }

    /// The live sessions, on the engine's own clock.
    package func makeLive() -> DemoLive {
        DemoLive(
            scenario: DemoScenario(seed: configuration.seed &+ 0x9E37_79B9, liveSessions: configuration.liveSessions),
            player: DemoPlayer(manager: manager.with(clock: manager.clock, logger: quietLogger)))
    }

    /// The engine's logger, at `notice` or above.
    private var quietLogger: Logger {
        var quiet = manager.logger
        quiet.logLevel = max(quiet.logLevel, .notice)
        return quiet
    }
}

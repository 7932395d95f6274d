import CoreMetrics
public import Logging
public import ServiceLifecycle
public import SessionCore
import SessionStore

/// The alert evaluator: every ``Configuration-swift.struct/interval`` it measures what the rules
/// look at, applies them (``AlertEvaluation``, ``AlertTransition``), stores each alert that fires
/// or resolves, publishes it on the ``AlertFeed`` for live streams, hands it to `deliver` (the
/// webhooks) and sets `sessiond_alerts_firing{rule}`.
///
/// The previous state is the store's firing alerts, so a restart neither fires an alert again
/// nor forgets one. On PostgreSQL only the instance holding the evaluation lease evaluates
/// (``AlertStore/withAlertLease(_:)``); the others skip the pass.
public struct AlertEvaluator<C: Clock>: Service where C.Duration == Duration {
    /// Rules, interval and the memory probe.
    public struct Configuration: Sendable {
        /// The rules (default ``AlertRule/defaults``). Config file key `alerts`.
        public var rules: [AlertRule] = AlertRule.defaults
        /// Time between evaluations (default 30 s).
        public var interval: Duration = .seconds(30)
        /// Most ended sessions read per evaluation, newest first (default 20,000).
        public var sessionSample: Int = 20_000
        /// Most live assistant sessions the behaviour rules read per evaluation, most recently
        /// active first, and how far back their last activity may be (default 200, 6 hours).
        public var agentSample: Int = 200
        public var agentLookback: Duration = .seconds(6 * 3600)
        /// Reads this process's resident memory (default: ``ProcessStats/read(pid:)``).
        public var residentMemory: @Sendable () -> Int64? = { ProcessStats.read().residentBytes }

        public init() {}
    }

    public let manager: SessionManager
    public let configuration: Configuration
    public let feed: AlertFeed
    let deliver: @Sendable (Alert) -> Void
    let clock: C
    let logger: Logger

    /// - Parameters:
    ///   - feed: where stored transitions are published for `/v1/stream`.
    ///   - deliver: called with each stored transition, without waiting (the webhook queue).
    public init(
        manager: SessionManager, configuration: Configuration = Configuration(), feed: AlertFeed, clock: C,
        logger: Logger = Logger(label: "sessiond.alerts"), deliver: @escaping @Sendable (Alert) -> Void = { _ in }
    ) {
        self.manager = manager
        self.configuration = configuration
        self.feed = feed
        self.clock = clock
        self.logger = logger
        self.deliver = deliver
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await evaluate()
            } catch {
                logger.error("alert evaluation failed", metadata: ["error": "\(error)"])
            }
            do {
                let clock = self.clock
                let interval = configuration.interval
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                return  // cancelled or shutting down
            }
        }
    }

    /// One evaluation now. Returns the alerts it fired (state `firing`) and resolved, in order;
    /// empty when another instance holds the lease.
    @discardableResult
    public func evaluate() async throws -> [Alert] {
        let store = manager.store
        let changed = try await store.withAlertLease { try await self.evaluate(store) } ?? []
        for alert in changed {
            logger.info(
                alert.state == .firing ? "alert fired" : "alert resolved",
                metadata: ["alert.rule": "\(alert.rule)", "alert.id": "\(alert.id.lowercased)", "alert.severity": "\(alert.severity)"])
            feed.publish(alert)
            deliver(alert)
        }
        if !changed.isEmpty { manager.changes.notify() }  // wakes the streams
        return changed
    }

    private func evaluate(_ alerts: any AlertStore) async throws -> [Alert] {
        let now = manager.clock.now()
        let inputs = try await measure(now: now)
        var firing = try await alerts.alerts(state: .firing, before: nil, limit: PageLimit.maximum)
        let evaluation = AlertEvaluation.evaluate(rules: configuration.rules, inputs: inputs, now: now)
        var changed: [Alert] = []
        for transition in AlertTransition.transitions(firing: firing, evaluation: evaluation) {
            switch transition {
            case .fire(let check):
                let alert = Alert(firing: check, now: now)
                if try await alerts.recordFiring(alert) {
                    changed.append(alert)
                    firing.append(alert)
                }
            case .resolve(let alert):
                if let resolved = try await alerts.resolveAlert(id: alert.id, at: now) { changed.append(resolved) }
                firing.removeAll { $0.id == alert.id }
            }
        }
        let factory = manager.configuration.metrics.handles.factory
        for rule in configuration.rules {
            Gauge(label: MetricCatalog.alertsFiring.name, dimensions: [("rule", rule.id)], factory: factory)
                .record(firing.filter { $0.rule == rule.id }.count)
        }
        return changed
    }

    /// Gathers the rules' inputs: ended sessions over the longest window, the store's size and
    /// disk, this process's memory and persistence failures.
    func measure(now: Timestamp) async throws -> AlertInputs {
        let rules = configuration.rules
        var inputs = AlertInputs()
        let span = rules.filter { $0.kind == .failureRate || $0.kind == .durationAnomaly }.map { $0.windowMs + $0.baselineMs }.max() ?? 0
        if span > 0 {
            let from = Timestamp(milliseconds: now.milliseconds - span)
            let sample = configuration.sessionSample
            let sessions = try await manager.measure("alerts_sessions") {
                try await manager.store.analyticsSessions(from: from, until: now, userID: nil, limit: sample)
            }
            inputs.endedSessions = sessions.compactMap { session in
                guard let endedAt = session.endedAt, endedAt > from, let duration = session.durationMs else { return nil }
                let failed = session.outcome == .errored || session.outcome == .crashed
                return AlertInputs.EndedSession(application: session.application, failed: failed, endedAt: endedAt, durationMs: duration)
            }
        }
        if rules.contains(where: { $0.kind == .diskFree || $0.kind == .databaseSize }) {
            let observation = try await manager.measure("observe") { try await manager.store.observe() }
            inputs.databaseBytes = observation.databaseBytes
            inputs.diskFreeBytes = observation.diskFreeBytes
            inputs.diskTotalBytes = observation.diskTotalBytes
        }
        if rules.contains(where: { AlertKind.behaviour.contains($0.kind) }) {
            inputs.agentSessions = try await manager.measure("alerts_agents") { try await agentSessions(now: now) }
        }
        inputs.residentBytes = configuration.residentMemory()
        let window = rules.filter { $0.kind == .persistenceFailures }.map(\.windowMs).max() ?? 0
        inputs.persistenceFailures = manager.configuration.metrics.persistenceFailureLog.failures(
            after: Timestamp(milliseconds: now.milliseconds - window))
        return inputs
    }
}

extension AlertEvaluator {
    /// The live sessions of the assistants (``AssistantKind``) active within the lookback, with
    /// their events, for the behaviour rules.
    func agentSessions(now: Timestamp) async throws -> [AgentActivity] {
        let lookback = configuration.agentLookback.components.seconds * 1000
        let rateWindow = configuration.rules.filter { $0.kind == .agentSpendRate }.map(\.windowMs).max()
        var activities: [AgentActivity] = []
        for kind in AssistantKind.allCases {
            let query = SessionQuery(
                application: kind.application, statuses: SessionStatus.allCases.filter(\.isLive), activeFrom: Timestamp(milliseconds: now.milliseconds - lookback),
                limit: configuration.agentSample)
            for session in try await manager.store.sessions(query).sessions {
                var events: [SessionEvent] = []
                try await manager.forEachEvent(of: session.id, limit: 100_000) { events.append($0) }
                activities.append(
                    AgentActivity(
                        session: session, events: events, prices: manager.configuration.prices,
                        recentFrom: rateWindow.map { Timestamp(milliseconds: now.milliseconds - $0) }))
            }
        }
        return activities
    }
}

extension AlertEvaluator where C == ContinuousClock {
    public init(
        manager: SessionManager, configuration: Configuration = Configuration(), feed: AlertFeed,
        logger: Logger = Logger(label: "sessiond.alerts"), deliver: @escaping @Sendable (Alert) -> Void = { _ in }
    ) {
        self.init(manager: manager, configuration: configuration, feed: feed, clock: ContinuousClock(), logger: logger, deliver: deliver)
    }
}

public import CoreMetrics
import SessionCore
import SessionStore

/// What the engine records through swift-metrics: sessions started and ended, durations,
/// events per session, warnings, recoveries, append and store latency, persistence failures.
///
/// Names, help and buckets are in ``MetricCatalog``; the factory is injected (the process-wide
/// `MetricsSystem.factory` by default) so tests read their own registry.
public struct EngineMetrics: Sendable {
    let handles: MetricHandles
    let applications: BoundedLabel
    let appendTimer: CoreMetrics.Timer
    /// The times of the failures counted as `sessiond_persistence_failures_total`, for the alert evaluator.
    public let persistenceFailureLog = PersistenceFailureLog()

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.handles = MetricHandles(factory: factory)
        self.applications = BoundedLabel(limit: MetricCatalog.applicationLabelLimit)
        self.appendTimer = handles.timer(MetricCatalog.appendDuration.name)
    }

    /// Records what a committed change did to its session.
    func record(_ change: SessionChange) {
        let session = change.session
        for fact in change.facts {
            switch fact {
            case .created:
                counter(MetricCatalog.sessionsStarted, [("application", application(session))]).increment()
            case .ended(let trigger, let ended):
                let app = application(session)
                let outcome = ended?.rawValue ?? "unknown"
                // The trigger, not the end reason: a client may give any text as its reason.
                counter(MetricCatalog.sessionsEnded, [("application", app), ("outcome", outcome), ("reason", trigger.rawValue)])
                    .increment()
                let duration = max(0, (session.endedAt ?? session.updatedAt).milliseconds - session.createdAt.milliseconds)
                handles.histogram(MetricCatalog.sessionDuration.name, [("application", app), ("outcome", outcome)])
                    .record(Double(duration) / 1000)
                handles.histogram(MetricCatalog.sessionEvents.name, [("application", app)]).record(session.counters.events)
            case .warned:
                counter(MetricCatalog.timeoutWarnings, [("application", application(session))]).increment()
            case .recovered:
                counter(MetricCatalog.recoveries, [("application", application(session))]).increment()
            case .transitioned:
                break
            }
        }
    }

    /// Counts redactions by rule.
    func record(_ redactions: [Redaction]) {
        for redaction in redactions { counter(MetricCatalog.redactions, [("rule", redaction.rule)]).increment() }
    }

    func recordAppend(_ duration: Duration) {
        appendTimer.recordNanoseconds(duration.nanoseconds)
    }

    /// Runs a store operation, timing it and counting it as a persistence failure when the store
    /// (not the request) failed.
    /// - Parameter clock: the engine's clock, which stamps persistence failures for the alert rule.
    func measure<T>(_ operation: String, backend: String, clock: any WallClock, _ body: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        do {
            let value = try await body()
            timer(operation, backend).recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            return value
        } catch let error as SessionStoreError where error.code == .unavailable || error.code == .corrupted {
            timer(operation, backend).recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            counter(MetricCatalog.persistenceFailures, [("operation", operation)]).increment()
            persistenceFailureLog.record(clock.now())
            throw error
        }
    }

    private func timer(_ operation: String, _ backend: String) -> CoreMetrics.Timer {
        // Keyed by operation alone: one engine has one store, so one backend.
        handles.timer(cachedAs: operation) {
            (MetricCatalog.storeOperationDuration.name, [("operation", operation), ("backend", backend)])
        }
    }

    private func counter(_ metric: MetricDescription, _ dimensions: [(String, String)]) -> Counter {
        handles.counter(metric.name, dimensions)
    }

    private func application(_ session: Session) -> String {
        applications.value(session.application)
    }
}

public import CoreMetrics
import Prometheus
import SessionCore
import SessionKit
import SessionStore
import Synchronization

/// The metrics of one `sessiond serve`: a Prometheus registry, the swift-metrics factory that
/// fills it, and the gauges computed at each scrape of `GET /metrics`.
///
/// Give ``factory`` to the engine (`EngineMetrics(factory:)`) and to the store so that their
/// metrics land in the same registry; `sessiond` also bootstraps `MetricsSystem` with it.
public final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory writing into this registry, with ``MetricCatalog``'s help and buckets.
    public let factory: any MetricsFactory
    /// `(status, application)` pairs set at the previous scrape: set to 0 when they vanish.
    private let liveSeries = Mutex<Set<[String]>>([])

    /// Whether metrics are recorded; when not, the factory discards everything and `/metrics`
    /// answers 404.
    public let isEnabled: Bool

    public init(enabled: Bool = true) {
        registry = PrometheusCollectorRegistry()
        factory = enabled ? CatalogMetricsFactory(registry: registry) : NOOPMetricsHandler.instance
        isEnabled = enabled
    }

    /// Records how long the process took to serve requests.
    public func recordStartup(_ duration: Duration) {
        gauge(MetricCatalog.startupDuration).record(duration.seconds)
    }

    /// The registry in Prometheus text format, after refreshing the gauges read from the store
    /// and the process.
    func scrape(store: any SessionStore) async throws -> [UInt8] {
        let observation = try await store.observe()
        var applications = BoundedApplications(limit: MetricCatalog.applicationLabelLimit)
        var counts: [[String]: Int64] = [:]
        for live in observation.live.sorted(by: { $0.count > $1.count }) {
            counts[[live.status.rawValue, applications.label(live.application)], default: 0] += live.count
        }
        let vanished = liveSeries.withLock { previous in
            defer { previous = Set(counts.keys) }
            return previous.subtracting(counts.keys)
        }
        for key in vanished { counts[key] = 0 }
        for (key, count) in counts {
            gauge(MetricCatalog.sessionsActive, [("status", key[0]), ("application", key[1])]).record(count)
        }
        if let bytes = observation.databaseBytes { gauge(MetricCatalog.databaseSize).record(bytes) }
        if let free = observation.diskFreeBytes { gauge(MetricCatalog.diskFree).record(free) }
        if let total = observation.diskTotalBytes { gauge(MetricCatalog.diskTotal).record(total) }
        let process = ProcessStats.read()
        if let rss = process.residentBytes { gauge(MetricCatalog.residentMemory).record(rss) }
        if let fds = process.openFDs { gauge(MetricCatalog.openFDs).record(fds) }
        if let start = process.startTimeSeconds { gauge(MetricCatalog.startTime).record(start) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }

    func gauge(_ metric: MetricDescription, _ dimensions: [(String, String)] = []) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: metric.name, dimensions: dimensions, factory: factory)
    }
}

/// The `application` label of a scrape: the most populous applications by name, the rest `other`.
private struct BoundedApplications {
    let limit: Int
    private var seen: Set<String> = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func label(_ application: String) -> String {
        if seen.contains(application) { return application }
        guard seen.count < limit else { return "other" }
        seen.insert(application)
        return application
    }
}

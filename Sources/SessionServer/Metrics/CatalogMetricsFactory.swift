import CoreMetrics
import Prometheus
import SessionCore

/// A swift-metrics factory over a Prometheus registry that gives each metric the help text and
/// buckets of its ``MetricCatalog`` entry (swift-prometheus's own factory emits no `# HELP`,
/// which `promtool check metrics` rejects). Metrics of other libraries get a generic help text.
struct CatalogMetricsFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry

    static let defaultLatencyBuckets: [Double] = MetricCatalog.appendDuration.buckets

    private func descriptor(_ label: String) -> (MetricNameDescriptor, MetricDescription?) {
        let known = MetricCatalog.description(named: label)
        let help = known?.help ?? "\(label) (recorded by a library of sessiond)."
        return (MetricNameDescriptor(metricName: label, unitName: "", helpText: help), known)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label).0, labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label).0, labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let (name, known) = descriptor(label)
        guard aggregate else { return registry.makeGauge(descriptor: name, labels: dimensions) }
        return registry.makeValueHistogram(descriptor: name, labels: dimensions, buckets: known?.buckets ?? Self.defaultLatencyBuckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label).0, labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let (name, known) = descriptor(label)
        let buckets = (known?.buckets ?? Self.defaultLatencyBuckets).map { Duration.nanoseconds(Int64($0 * 1e9)) }
        return registry.makeDurationHistogram(descriptor: name, labels: dimensions, buckets: buckets)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}

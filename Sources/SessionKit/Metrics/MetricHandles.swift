package import CoreMetrics
import Synchronization

/// Metric handles made once per name and label values, then reused: creating a swift-metrics
/// handle goes through the factory (a registry lookup under a lock, name and label checks),
/// which costs more than recording on a hot path such as an append.
package final class MetricHandles: Sendable {
    package struct Key: Hashable, Sendable {
        let name: String
        let values: [String]

        package init(_ name: String, _ dimensions: [(String, String)]) {
            self.name = name
            var values: [String] = []
            values.reserveCapacity(dimensions.count * 2)
            for (key, value) in dimensions {
                values.append(key)
                values.append(value)
            }
            self.values = values
        }
    }

    package let factory: any MetricsFactory
    private let timers = Mutex<[Key: CoreMetrics.Timer]>([:])
    private let counters = Mutex<[Key: Counter]>([:])
    private let histograms = Mutex<[Key: Recorder]>([:])
    private let timersByName = Mutex<[String: CoreMetrics.Timer]>([:])

    package init(factory: any MetricsFactory) {
        self.factory = factory
    }

    package func timer(_ name: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Timer {
        let key = Key(name, dimensions)
        return timers.withLock { timers in
            if let timer = timers[key] { return timer }
            let timer = CoreMetrics.Timer(label: name, dimensions: dimensions, factory: factory)
            timers[key] = timer
            return timer
        }
    }

    /// The timer cached under `key`, made from `make`'s name and dimensions on first use:
    /// no per-call key of label values, for the hottest paths.
    package func timer(cachedAs key: String, _ make: () -> (String, [(String, String)])) -> CoreMetrics.Timer {
        timersByName.withLock { timers in
            if let timer = timers[key] { return timer }
            let (name, dimensions) = make()
            let timer = CoreMetrics.Timer(label: name, dimensions: dimensions, factory: factory)
            timers[key] = timer
            return timer
        }
    }

    package func counter(_ name: String, _ dimensions: [(String, String)] = []) -> Counter {
        let key = Key(name, dimensions)
        return counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: name, dimensions: dimensions, factory: factory)
            counters[key] = counter
            return counter
        }
    }

    /// A histogram of values (a swift-metrics `Recorder` that aggregates).
    package func histogram(_ name: String, _ dimensions: [(String, String)] = []) -> Recorder {
        let key = Key(name, dimensions)
        return histograms.withLock { histograms in
            if let recorder = histograms[key] { return recorder }
            let recorder = Recorder(label: name, dimensions: dimensions, aggregate: true, factory: factory)
            histograms[key] = recorder
            return recorder
        }
    }
}

import Foundation
import Instrumentation
import Logging
import OTel
import ServiceLifecycle

/// OpenTelemetry traces over OTLP/HTTP (swift-otel), when the standard variables ask for them.
enum Tracing {
    /// Whether `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set (and
    /// `OTEL_SDK_DISABLED` is not `true`): the switch for exporting spans.
    static func isRequested(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment["OTEL_SDK_DISABLED"]?.lowercased() != "true" else { return false }
        return [environment["OTEL_EXPORTER_OTLP_ENDPOINT"], environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]]
            .contains { $0.map { !$0.isEmpty } ?? false }
    }

    /// Bootstraps the tracer (traces only: metrics stay with Prometheus, logs with swift-log)
    /// and returns the service that exports its spans; `nil` when tracing is not requested.
    /// Every other setting comes from the standard `OTEL_*` variables.
    static func bootstrap(logger: Logger) throws -> (any Service)? {
        guard isRequested() else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "sessiond"
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(tracer)
        logger.info("exporting traces over OTLP", metadata: ["otel.endpoint": "\(ProcessInfo.processInfo.environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? ProcessInfo.processInfo.environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? "")"])
        return service
    }
}

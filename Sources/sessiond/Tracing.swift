import Foundation
import Instrumentation
import Logging
import ServiceLifecycle
import SessionCore
import SessionTracing

/// OpenTelemetry traces over OTLP/HTTP (SessionTracing), when the standard variables ask for them.
enum Tracing {
    /// Bootstraps the tracer and returns the service that exports its spans; `nil` when the
    /// `OTEL_*` variables name no OTLP endpoint (or disable the SDK). Every setting comes from
    /// the standard variables.
    static func bootstrap(logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (any Service)? {
        let found: (configuration: OTLPConfiguration, warnings: [String])?
        do {
            found = try OTLPConfiguration.fromEnvironment(environment)
        } catch {
            throw SessionError(.invalidArgument, "\(error)")
        }
        guard let (configuration, warnings) = found else { return nil }
        for warning in warnings { logger.warning("tracing setting ignored", metadata: ["otel.warning": "\(warning)"]) }
        let (tracer, exporter) = OTLPTracing.make(configuration: configuration, logger: logger)
        InstrumentationSystem.bootstrap(tracer)
        logger.info(
            "exporting traces over OTLP",
            metadata: [
                "otel.endpoint": "\(configuration.endpoint)", "otel.protocol": "\(configuration.wireProtocol)",
                "otel.sampler": "\(configuration.sampler)",
            ])
        return exporter
    }
}

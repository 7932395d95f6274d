import Testing

@testable import SessionTracing

struct OTLPConfigurationTests {
    @Test(arguments: [
        [:],
        ["OTEL_SERVICE_NAME": "x"],
        ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"],
        ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "none"],
        ["OTEL_EXPORTER_OTLP_ENDPOINT": "  "],
    ])
    func noTracesUnlessAnEndpointIsNamed(_ environment: [String: String]) throws {
        #expect(try OTLPConfiguration.fromEnvironment(environment) == nil)
    }

    @Test(arguments: [
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"], "http://c:4318/v1/traces"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "https://c:4318/otlp/"], "https://c:4318/otlp/v1/traces"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://t:1/x"], "http://t:1/x"),
    ])
    func endpointFollowsTheSpecification(_ example: ([String: String], String)) throws {
        let (configuration, warnings) = try #require(try OTLPConfiguration.fromEnvironment(example.0))
        #expect(configuration.endpoint == example.1)
        #expect(warnings.isEmpty)
    }

    @Test(arguments: [
        ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"],
        ["OTEL_EXPORTER_OTLP_ENDPOINT": "c:4318"],
        ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "zipkin"],
    ])
    func settingsThatWouldLoseEverySpanAreErrors(_ environment: [String: String]) {
        #expect(throws: OTLPConfiguration.EnvironmentError.self) { try OTLPConfiguration.fromEnvironment(environment) }
    }

    @Test func everyStandardVariableIsRead() throws {
        let (configuration, warnings) = try #require(
            try OTLPConfiguration.fromEnvironment([
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/json",
                "OTEL_EXPORTER_OTLP_HEADERS": "api-key=a%20b, tenant = t1", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT": "2500",
                "OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.25",
                "OTEL_SERVICE_NAME": "sessiond-eu", "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=prod,service.name=ignored",
                "OTEL_BSP_SCHEDULE_DELAY": "200", "OTEL_BSP_MAX_QUEUE_SIZE": "100", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "500",
            ]))
        #expect(warnings.isEmpty)
        #expect(configuration.wireProtocol == .httpJSON)
        #expect(configuration.headers == ["api-key": "a b", "tenant": "t1"])
        #expect(configuration.timeout == .milliseconds(2500))
        #expect(configuration.sampler == .parentBased(.traceIDRatio(0.25)))
        #expect(configuration.scheduleDelay == .milliseconds(200))
        #expect(configuration.maxQueueSize == 100)
        #expect(configuration.maxExportBatchSize == 100)  // a batch never exceeds the queue
        #expect(configuration.resource.map(\.key) == ["service.name", "telemetry.sdk.language", "telemetry.sdk.name", "deployment.environment"])
        #expect(configuration.resource.first?.value == "sessiond-eu")
    }

    @Test func defaultsSuitABusyServer() throws {
        let (configuration, _) = try #require(try OTLPConfiguration.fromEnvironment(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"]))
        #expect(configuration.wireProtocol == .httpProtobuf)
        #expect(configuration.sampler == .parentBased(.alwaysOn))
        #expect(configuration.serviceName == "sessiond")
        #expect(configuration.timeout == .seconds(10))
        #expect(configuration.maxQueueSize == 16_384)
        #expect(configuration.maxExportBatchSize == 2_048)
        #expect(configuration.scheduleDelay == .seconds(1))
    }

    @Test(arguments: [
        ("OTEL_BSP_MAX_QUEUE_SIZE", "-3"), ("OTEL_BSP_SCHEDULE_DELAY", "soon"), ("OTEL_TRACES_SAMPLER", "sometimes"),
        ("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"), ("OTEL_EXPORTER_OTLP_HEADERS", "novalue"), ("OTEL_PROPAGATORS", "b3"),
    ])
    func malformedSettingIsIgnoredWithAWarning(_ setting: (String, String)) throws {
        let (configuration, warnings) = try #require(
            try OTLPConfiguration.fromEnvironment(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", setting.0: setting.1]))
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains(setting.0) == true)
        #expect(configuration.maxQueueSize == 16_384)
        #expect(configuration.sampler == .parentBased(.alwaysOn))
    }

    @Test func samplerArgumentOutOfRangeFallsBackToEverything() throws {
        let (configuration, warnings) = try #require(
            try OTLPConfiguration.fromEnvironment([
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "2",
            ]))
        #expect(configuration.sampler == .traceIDRatio(1))
        #expect(warnings.count == 1)
    }
}

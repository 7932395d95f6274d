import SessionCore

extension OTLPConfiguration {
    /// What ``init(environment:)`` could not use.
    public struct EnvironmentError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The configuration the standard OpenTelemetry variables describe, or `nil` when they do
    /// not ask for traces: no OTLP endpoint, `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`.
    ///
    /// Malformed numbers and samplers are ignored with a warning, as the OpenTelemetry
    /// specification asks; a protocol or exporter this implementation cannot speak (`grpc`) is
    /// an error, since spans would go nowhere.
    ///
    /// - Returns: the configuration and the warnings to log.
    public static func fromEnvironment(_ environment: [String: String]) throws -> (configuration: OTLPConfiguration, warnings: [String])? {
        func value(_ key: String) -> String? {
            environment[key].map { $0.trimmingCharacters(in: " \t") }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func traces(_ suffix: String) -> String? { value("OTEL_EXPORTER_OTLP_TRACES_" + suffix) ?? value("OTEL_EXPORTER_OTLP_" + suffix) }

        if value("OTEL_SDK_DISABLED")?.lowercased() == "true" { return nil }
        if let exporter = value("OTEL_TRACES_EXPORTER")?.lowercased() {
            if exporter == "none" { return nil }
            guard exporter == "otlp" else { throw EnvironmentError(description: "OTEL_TRACES_EXPORTER=\(exporter) is not supported: use otlp or none") }
        }
        let endpoint: String
        if let specific = value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            endpoint = specific
        } else if let base = value("OTEL_EXPORTER_OTLP_ENDPOINT") {
            endpoint = (base.hasSuffix("/") ? base : base + "/") + "v1/traces"
        } else {
            return nil
        }
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
            throw EnvironmentError(description: "the OTLP endpoint must be an http:// or https:// URL")
        }
        var configuration = OTLPConfiguration(endpoint: endpoint)
        var warnings: [String] = []

        if let text = traces("PROTOCOL") {
            guard let wire = WireProtocol(text) else {
                throw EnvironmentError(description: "OTEL_EXPORTER_OTLP_PROTOCOL=\(text) is not supported: use http/protobuf or http/json")
            }
            configuration.wireProtocol = wire
        }
        if let compression = traces("COMPRESSION"), compression != "none" {
            warnings.append("OTEL_EXPORTER_OTLP_COMPRESSION=\(compression) is not supported: spans are sent uncompressed")
        }
        if let text = traces("HEADERS") {
            let (pairs, bad) = keyValues(text)
            configuration.headers = pairs
            if bad { warnings.append("OTEL_EXPORTER_OTLP_HEADERS has entries that are not key=value: they are ignored") }
        }
        func milliseconds(_ key: String, _ text: String?, into target: inout Duration) {
            guard let text else { return }
            if let ms = Int(text), ms > 0 { target = .milliseconds(ms) } else { warnings.append("\(key)=\(text) is not a positive number of milliseconds: ignored") }
        }
        func count(_ key: String, into target: inout Int) {
            guard let text = value(key) else { return }
            if let number = Int(text), number > 0 { target = number } else { warnings.append("\(key)=\(text) is not a positive number: ignored") }
        }
        milliseconds("OTEL_EXPORTER_OTLP_TIMEOUT", traces("TIMEOUT"), into: &configuration.timeout)
        milliseconds("OTEL_BSP_SCHEDULE_DELAY", value("OTEL_BSP_SCHEDULE_DELAY"), into: &configuration.scheduleDelay)
        count("OTEL_BSP_MAX_QUEUE_SIZE", into: &configuration.maxQueueSize)
        count("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", into: &configuration.maxExportBatchSize)
        if configuration.maxExportBatchSize > configuration.maxQueueSize { configuration.maxExportBatchSize = configuration.maxQueueSize }

        if let name = value("OTEL_SERVICE_NAME") { configuration.serviceName = name }
        if let text = value("OTEL_RESOURCE_ATTRIBUTES") {
            let (pairs, bad) = keyValues(text)
            configuration.resourceAttributes = pairs
            if bad { warnings.append("OTEL_RESOURCE_ATTRIBUTES has entries that are not key=value: they are ignored") }
            if value("OTEL_SERVICE_NAME") == nil, let name = pairs["service.name"] { configuration.serviceName = name }
        }
        if let name = value("OTEL_TRACES_SAMPLER") {
            if let sampler = sampler(name.lowercased(), argument: value("OTEL_TRACES_SAMPLER_ARG"), warnings: &warnings) {
                configuration.sampler = sampler
            } else {
                warnings.append("OTEL_TRACES_SAMPLER=\(name) is not supported: using parentbased_always_on")
            }
        }
        if let propagators = value("OTEL_PROPAGATORS"), propagators.split(separator: ",").contains(where: { $0 != "tracecontext" && $0 != "baggage" }) {
            warnings.append("OTEL_PROPAGATORS=\(propagators): only tracecontext (W3C traceparent) is used")
        }
        return (configuration, warnings)
    }

    private static func sampler(_ name: String, argument: String?, warnings: inout [String]) -> TraceSampler? {
        func ratio() -> Double {
            guard let argument else { return 1 }
            guard let ratio = Double(argument), (0...1).contains(ratio) else {
                warnings.append("OTEL_TRACES_SAMPLER_ARG=\(argument) is not a ratio between 0 and 1: using 1")
                return 1
            }
            return ratio
        }
        switch name {
        case "always_on": return .alwaysOn
        case "always_off": return .alwaysOff
        case "traceidratio": return .traceIDRatio(ratio())
        case "parentbased_always_on": return .parentBased(.alwaysOn)
        case "parentbased_always_off": return .parentBased(.alwaysOff)
        case "parentbased_traceidratio": return .parentBased(.traceIDRatio(ratio()))
        default: return nil
        }
    }

    /// `k=v,k2=v2` with percent-encoded values (W3C Baggage's format, which these variables use).
    private static func keyValues(_ text: String) -> (pairs: [String: String], malformed: Bool) {
        var pairs: [String: String] = [:]
        var malformed = false
        for entry in text.split(separator: ",") {
            guard let equals = entry.firstIndex(of: "=") else {
                malformed = true
                continue
            }
            let key = String(entry[..<equals]).trimmingCharacters(in: " \t")
            let value = String(entry[entry.index(after: equals)...]).trimmingCharacters(in: " \t")
            guard !key.isEmpty else {
                malformed = true
                continue
            }
            pairs[key] = value.removingPercentEncoding ?? value
        }
        return (pairs, malformed)
    }
}

extension String {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[first...last])
    }

    /// `%XX` sequences decoded as UTF-8; `nil` when one is malformed.
    fileprivate var removingPercentEncoding: String? {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(), let value = Hex.parse([high, low][...]) else { return nil }
            bytes.append(UInt8(value))
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

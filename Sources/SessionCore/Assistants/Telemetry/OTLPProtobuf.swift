/// OTLP/HTTP's binary encoding (`http/protobuf`, `Content-Type: application/x-protobuf`, the
/// default of most exporters): an `ExportLogsServiceRequest` or `ExportMetricsServiceRequest`
/// decoded into the shape its JSON encoding parses to, for ``TelemetryLogs`` and
/// ``TelemetryMetrics``. Field numbers are those of opentelemetry-proto's
/// `opentelemetry/proto/{common,resource,logs,metrics,collector}` (v1); only what those readers
/// use is decoded (histogram buckets, exemplars and summaries are skipped).
public enum OTLPProtobuf {
    /// An `ExportLogsServiceRequest` as `{"resourceLogs": […]}`.
    public static func logsRequest(_ bytes: [UInt8], maxDepth: Int = 64) throws(SessionError) -> JSONValue {
        try logsService.decode(bytes[...], maxDepth: maxDepth)
    }

    /// An `ExportMetricsServiceRequest` as `{"resourceMetrics": […]}`.
    public static func metricsRequest(_ bytes: [UInt8], maxDepth: Int = 64) throws(SessionError) -> JSONValue {
        try metricsService.decode(bytes[...], maxDepth: maxDepth)
    }

    /// An `Export{Logs,Metrics}ServiceResponse`: empty when nothing was rejected, else its
    /// `partial_success` (1) with the rejected count (1) and the message (2). Both services
    /// share the shape.
    public static func exportResponse(rejected: Int64, message: String) -> [UInt8] {
        guard rejected > 0 else { return [] }
        var response = ProtobufWriter()
        response.message(1) { partial in
            partial.int64(1, rejected)
            partial.string(2, message)
        }
        return response.bytes
    }

    // MARK: common.proto, resource.proto

    static let anyValue: ProtobufSchema = ProtobufSchema([
        1: .init(name: "stringValue", kind: .string),
        2: .init(name: "boolValue", kind: .bool),
        3: .init(name: "intValue", kind: .int64),
        4: .init(name: "doubleValue", kind: .double),
        5: .init(name: "arrayValue", kind: .message { valueList(element: anyValue) }),
        6: .init(name: "kvlistValue", kind: .message { valueList(element: keyValue) }),
        7: .init(name: "bytesValue", kind: .bytesBase64),
    ])

    /// `ArrayValue` and `KeyValueList`: `repeated … values = 1`.
    static func valueList(element: ProtobufSchema) -> ProtobufSchema {
        ProtobufSchema([1: .init(name: "values", kind: .message { element }, repeated: true)])
    }

    static let keyValue: ProtobufSchema = ProtobufSchema([
        1: .init(name: "key", kind: .string),
        2: .init(name: "value", kind: .message { anyValue }),
    ])

    static let attributes: ProtobufSchema.Field = ProtobufSchema.Field(name: "attributes", kind: .message { keyValue }, repeated: true)

    static let resource: ProtobufSchema = ProtobufSchema([1: attributes])

    static let scope: ProtobufSchema = ProtobufSchema([
        1: .init(name: "name", kind: .string),
        2: .init(name: "version", kind: .string),
        3: attributes,
    ])

    // MARK: logs.proto, logs_service.proto

    static let logRecord: ProtobufSchema = ProtobufSchema([
        1: .init(name: "timeUnixNano", kind: .uint64),
        11: .init(name: "observedTimeUnixNano", kind: .uint64),
        2: .init(name: "severityNumber", kind: .int32),
        3: .init(name: "severityText", kind: .string),
        5: .init(name: "body", kind: .message { anyValue }),
        6: attributes,
        9: .init(name: "traceId", kind: .bytesHex),
        10: .init(name: "spanId", kind: .bytesHex),
        12: .init(name: "eventName", kind: .string),
    ])

    /// `ExportLogsServiceRequest`: `repeated ResourceLogs resource_logs = 1`, each
    /// `{Resource resource = 1; repeated ScopeLogs scope_logs = 2}`, each
    /// `{InstrumentationScope scope = 1; repeated LogRecord log_records = 2}`.
    static let logsService: ProtobufSchema = envelope(["resourceLogs", "scopeLogs", "logRecords"]) { logRecord }

    // MARK: metrics.proto, metrics_service.proto

    /// `ExportMetricsServiceRequest`: the same three levels, down to `repeated Metric metrics = 2`.
    static let metricsService: ProtobufSchema = envelope(["resourceMetrics", "scopeMetrics", "metrics"]) { metric }

    /// A request's levels: field 1 of the request repeats the resource level; below it, field 1
    /// is where the items come from (`resource`, then `scope`) and field 2 repeats the next level.
    static func envelope(_ names: [String], items: @escaping @Sendable () -> ProtobufSchema) -> ProtobufSchema {
        let scopeLevel = ProtobufSchema([
            1: .init(name: "scope", kind: .message { scope }), 2: .init(name: names[2], kind: .message(items), repeated: true),
        ])
        let resourceLevel = ProtobufSchema([
            1: .init(name: "resource", kind: .message { resource }), 2: .init(name: names[1], kind: .message { scopeLevel }, repeated: true),
        ])
        return ProtobufSchema([1: .init(name: names[0], kind: .message { resourceLevel }, repeated: true)])
    }

    static let metric: ProtobufSchema = ProtobufSchema([
        1: .init(name: "name", kind: .string),
        2: .init(name: "description", kind: .string),
        3: .init(name: "unit", kind: .string),
        5: .init(name: "gauge", kind: .message { ProtobufSchema([1: numberPoints]) }),
        7: .init(name: "sum", kind: .message { aggregate(numberPoints) }),
        9: .init(name: "histogram", kind: .message { aggregate(histogramPoints) }),
    ])

    /// `Sum` and `Histogram`: data points (1) and `aggregation_temporality` (2).
    static func aggregate(_ points: ProtobufSchema.Field) -> ProtobufSchema {
        ProtobufSchema([1: points, 2: .init(name: "aggregationTemporality", kind: .int32)])
    }

    static let numberPoints = dataPoints(attributes: 7, [4: .init(name: "asDouble", kind: .double), 6: .init(name: "asInt", kind: .sfixed64)])

    static let histogramPoints = dataPoints(attributes: 9, [4: .init(name: "count", kind: .uint64), 5: .init(name: "sum", kind: .double)])

    /// `repeated …DataPoint data_points = 1`: every kind has its times at 2 and 3; where its
    /// attributes and values are differs.
    static func dataPoints(attributes number: Int, _ values: [Int: ProtobufSchema.Field]) -> ProtobufSchema.Field {
        var fields = values
        fields[number] = attributes
        fields[2] = .init(name: "startTimeUnixNano", kind: .uint64)
        fields[3] = .init(name: "timeUnixNano", kind: .uint64)
        let point = ProtobufSchema(fields)
        return .init(name: "dataPoints", kind: .message { point }, repeated: true)
    }
}

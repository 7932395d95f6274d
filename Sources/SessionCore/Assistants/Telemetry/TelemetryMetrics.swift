/// OTLP metrics (`ExportMetricsServiceRequest`, `POST /v1/metrics`) from the assistants: each
/// data point of a sum or gauge that names a session becomes a `telemetry.metric` event on it
/// {name, unit, value, attributes, temporality (`delta`, `cumulative` or `gauge`), start_ms}.
/// Histograms keep their count and sum. A point without a session id, or from an unknown
/// assistant, is rejected (counted).
public enum TelemetryMetrics {
    public static func records(_ request: JSONValue) -> (records: [TelemetryRecord], rejected: Int) {
        var records: [TelemetryRecord] = []
        var rejected = 0
        for resourceMetrics in request["resourceMetrics"]?.arrayValue ?? [] {
            let resource = OTLPJSON.attributes(resourceMetrics["resource"]?["attributes"])
            for scopeMetrics in resourceMetrics["scopeMetrics"]?.arrayValue ?? [] {
                let scope = scopeMetrics["scope"]?["name"]?.stringValue
                for metric in scopeMetrics["metrics"]?.arrayValue ?? [] {
                    guard let name = metric["name"]?.stringValue else { continue }
                    let (points, temporality) = dataPoints(metric)
                    for point in points {
                        if let record = record(point, metric: name, unit: metric["unit"], temporality: temporality, resource: resource, scope: scope) {
                            records.append(record)
                        } else {
                            rejected += 1
                        }
                    }
                }
            }
        }
        return (records, rejected)
    }

    static func dataPoints(_ metric: JSONValue) -> ([JSONValue], String) {
        if let sum = metric["sum"] {
            // AGGREGATION_TEMPORALITY_DELTA = 1, CUMULATIVE = 2 (a number, or its name in some encoders).
            let temporality = sum["aggregationTemporality"]
            let delta = temporality == .int(1) || temporality == "AGGREGATION_TEMPORALITY_DELTA"
            return (sum["dataPoints"]?.arrayValue ?? [], delta ? "delta" : "cumulative")
        }
        if let gauge = metric["gauge"] { return (gauge["dataPoints"]?.arrayValue ?? [], "gauge") }
        if let histogram = metric["histogram"] {
            let delta = histogram["aggregationTemporality"] == .int(1)
            return (histogram["dataPoints"]?.arrayValue ?? [], delta ? "delta" : "cumulative")
        }
        return ([], "gauge")
    }

    static func record(_ point: JSONValue, metric: String, unit: JSONValue?, temporality: String, resource: [String: JSONValue], scope: String?) -> TelemetryRecord? {
        let attributes = OTLPJSON.attributes(point["attributes"])
        guard let kind = TelemetryRecord.assistant(service: resource["service.name"]?.stringValue, name: metric, scope: scope),
            let sessionID = TelemetryRecord.sessionID(attributes, resource: resource),
            let time = OTLPJSON.time(point["timeUnixNano"])
        else { return nil }
        var data: [String: JSONValue] = ["name": .string(String(metric.prefix(200))), "temporality": .string(temporality)]
        data["unit"] = unit
        if let value = OTLPJSON.number(point["asInt"]) ?? OTLPJSON.number(point["asDouble"]) {
            data["value"] = .double(value)
        } else if let sum = OTLPJSON.number(point["sum"]) {
            data["value"] = .double(sum)
            data["count"] = .int(OTLPJSON.int(point["count"]))
        } else {
            return nil
        }
        data["start_ms"] = OTLPJSON.time(point["startTimeUnixNano"]).map { .int($0.milliseconds) }
        let kept = attributes.filter { !["session.id", "conversation.id", "user.email", "user.account_uuid", "organization.id"].contains($0.key) }
        data["attributes"] = HookMapping.capped(.object(kept), 4096)
        let key = TelemetryRecord.key([.string(kind.rawValue), .string(sessionID), .int(time.milliseconds), .string(metric), .object(attributes), point["asInt"] ?? point["asDouble"] ?? .null])
        return TelemetryRecord(
            kind: kind, sessionID: sessionID, time: time,
            event: NewEvent(type: "telemetry.metric", data: .object(data), source: TelemetryRecord.source(kind), idempotencyKey: key))
    }
}

/// OTLP logs (`ExportLogsServiceRequest`, `POST /v1/logs`) from Claude Code, Codex and Gemini
/// CLI as events (docs/ASSISTANTS.md):
///
/// - `user_prompt` → `user.prompt` {prompt_length, prompt when sent} (source `<assistant>/otel`,
///   so prompts count once beside the hooks' own);
/// - `api_request` (Codex: `sse_event` of kind `response.completed`) → `telemetry.api_request`
///   {model, usage (sessiond's token meaning), cost_usd, duration_ms};
/// - `tool_result` (Gemini: `tool_call`) → `telemetry.tool_result` {tool, success, duration_ms, error};
/// - any other event → `telemetry.<name>` {its attributes}.
///
/// A record without a session id or from an unknown assistant is rejected (counted).
public enum TelemetryLogs {
    public static func records(_ request: JSONValue) -> (records: [TelemetryRecord], rejected: Int) {
        var records: [TelemetryRecord] = []
        var rejected = 0
        for resourceLogs in request["resourceLogs"]?.arrayValue ?? [] {
            let resource = OTLPJSON.attributes(resourceLogs["resource"]?["attributes"])
            for scopeLogs in resourceLogs["scopeLogs"]?.arrayValue ?? [] {
                let scope = scopeLogs["scope"]?["name"]?.stringValue
                for log in scopeLogs["logRecords"]?.arrayValue ?? [] {
                    if let record = record(log, resource: resource, scope: scope) { records.append(record) } else { rejected += 1 }
                }
            }
        }
        return (records, rejected)
    }

    static func record(_ log: JSONValue, resource: [String: JSONValue], scope: String?) -> TelemetryRecord? {
        let attributes = OTLPJSON.attributes(log["attributes"])
        let body = OTLPJSON.value(log["body"])
        guard let fullName = log["eventName"]?.stringValue ?? attributes["event.name"]?.stringValue ?? body.stringValue,
            let kind = TelemetryRecord.assistant(service: resource["service.name"]?.stringValue, name: fullName, scope: scope),
            let sessionID = TelemetryRecord.sessionID(attributes, resource: resource),
            let time = OTLPJSON.time(log["timeUnixNano"]) ?? OTLPJSON.time(log["observedTimeUnixNano"])
                ?? attributes["event.timestamp"]?.stringValue.flatMap(Timestamp.init(iso8601:))
        else { return nil }
        let name = HookMapping.safeName(String(fullName.split(separator: ".").last ?? Substring(fullName)))
        let (type, data) = event(name, attributes, kind: kind)
        let key = TelemetryRecord.key([.string(kind.rawValue), .string(sessionID), .int(time.milliseconds), .string(fullName), .object(attributes), body])
        return TelemetryRecord(
            kind: kind, sessionID: sessionID, time: time,
            event: NewEvent(type: type, data: .object(data), source: TelemetryRecord.source(kind), idempotencyKey: key))
    }

    static func event(_ name: String, _ a: [String: JSONValue], kind: AssistantKind) -> (String, [String: JSONValue]) {
        var data: [String: JSONValue] = [:]
        switch name {
        case "user_prompt":
            data["prompt_length"] = a["prompt_length"].flatMap { OTLPJSON.number($0).map { .int(Int64($0)) } }
            data["prompt"] = a["prompt"].map { HookMapping.capped($0, HookMapping.maxPromptBytes) }
            data["prompt_id"] = a["prompt.id"]
            return ("user.prompt", data)
        case "api_request" where kind != .codex, "sse_event" where a["event.kind"] == "response.completed":
            let usage = tokens(a, kind: kind)
            data["model"] = a["model"]
            data["usage"] = .object(usage.mapValues { .int($0) })
            data["cost_usd"] = OTLPJSON.number(a["cost_usd"]).map(JSONValue.double)
            data["duration_ms"] = OTLPJSON.number(a["duration_ms"]).map { .int(Int64($0)) }
            data["prompt_id"] = a["prompt.id"]
            return ("telemetry.api_request", data)
        case "tool_result", "tool_call":
            data["tool"] = a["tool_name"] ?? a["function_name"] ?? "unknown"
            let success = a["success"]
            data["success"] = .bool(success == .bool(true) || success == "true")
            data["duration_ms"] = OTLPJSON.number(a["duration_ms"]).map { .int(Int64($0)) }
            data["error"] = a["error"].map { HookMapping.capped($0, 2048) }
            data["decision"] = a["decision"]
            return ("telemetry.tool_result", data)
        default:
            let kept = a.filter { !["session.id", "conversation.id", "user.email", "user.account_uuid", "organization.id", "event.name", "event.timestamp"].contains($0.key) }
            return ("telemetry.\(name)", ["attributes": HookMapping.capped(.object(kept), HookMapping.maxInputBytes)])
        }
    }

    /// Tokens with sessiond's meaning: `input` not read from cache, `output` with reasoning.
    static func tokens(_ a: [String: JSONValue], kind: AssistantKind) -> [String: Int64] {
        switch kind {
        case .claudeCode:
            return [
                "input": OTLPJSON.int(a["input_tokens"]), "output": OTLPJSON.int(a["output_tokens"]),
                "cache_read": OTLPJSON.int(a["cache_read_tokens"]), "cache_creation": OTLPJSON.int(a["cache_creation_tokens"]),
            ]
        case .gemini:
            let input = OTLPJSON.int(a["input_token_count"]), cached = OTLPJSON.int(a["cached_content_token_count"])
            return ["input": max(0, input - cached), "output": OTLPJSON.int(a["output_token_count"]) + OTLPJSON.int(a["thoughts_token_count"]), "cache_read": cached, "cache_creation": 0]
        case .codex:
            let input = OTLPJSON.int(a["input_token_count"]), cached = OTLPJSON.int(a["cached_token_count"])
            return ["input": max(0, input - cached), "output": OTLPJSON.int(a["output_token_count"]), "cache_read": cached, "cache_creation": 0]
        }
    }
}

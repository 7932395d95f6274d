import Foundation
import SessionCore
import SessionKit
import SessionServer

extension ServeCommand {
    /// Settings file keys that hold JSON rather than text.
    static let alertObjectKeys: Set<String> = ["alerts", "alert_webhooks"]

    /// The alert rules and webhooks: `--alert-interval`, `--alert-webhook` (repeatable) over
    /// `$SESSIOND_ALERT_INTERVAL`, `$SESSIOND_ALERT_WEBHOOKS` (comma-separated) over the file's
    /// `alert_interval`, `alert_webhooks` (an array of URLs) and `alerts`, an object by rule kind
    /// (``AlertKind``: `failure_rate`, …, `tool_loop`, `stuck_permission`) of a threshold, `false`
    /// (the rule off) or `{"threshold": N, "window": "10m"}`.
    func alertSettings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (
        AlertEvaluator<ContinuousClock>.Configuration, AlertWebhooks.Configuration
    ) {
        var rules = AlertEvaluator<ContinuousClock>.Configuration()
        var file: [String: JSONValue] = [:]
        if let path = config ?? environment["SESSIOND_CONFIG"], let data = FileManager.default.contents(atPath: path),
            case .object(let object) = try JSONParser.parse(Array(data))
        {
            file = object
        }
        if let text = alertInterval ?? environment["SESSIOND_ALERT_INTERVAL"] ?? file["alert_interval"]?.stringValue {
            rules.interval = try DurationText.parse(text)
        }
        if let overrides = file["alerts"] {
            guard case .object(let object) = overrides else { throw SessionError(.invalidArgument, "alerts must be an object of thresholds") }
            for (key, value) in object {
                guard let kind = AlertKind(rawValue: key) else { throw SessionError(.invalidArgument, "unknown alert rule \(key)") }
                if value == .bool(false) {
                    rules.rules.removeAll { $0.kind == kind }
                    continue
                }
                let problem = SessionError(.invalidArgument, "alert rule \(key) takes a non-negative threshold, false, or {\"threshold\": N, \"window\": \"10m\"}")
                var threshold = value.doubleValue
                var windowMs: Int64?
                if case .object(let settings) = value {
                    guard Set(settings.keys).isSubset(of: ["threshold", "window"]) else { throw problem }
                    threshold = settings["threshold"]?.doubleValue
                    if settings["threshold"] != nil, threshold == nil { throw problem }
                    if let window = settings["window"] {
                        guard let text = window.stringValue, let duration = try? DurationText.parse(text), duration > .zero else { throw problem }
                        windowMs = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
                    }
                } else if threshold == nil {
                    throw problem
                }
                if let threshold, threshold < 0 { throw problem }
                for index in rules.rules.indices where rules.rules[index].kind == kind {
                    if let threshold { rules.rules[index].threshold = threshold }
                    if let windowMs { rules.rules[index].windowMs = windowMs }
                }
            }
        }
        var urls = alertWebhook
        if urls.isEmpty, let text = environment["SESSIOND_ALERT_WEBHOOKS"] {
            urls = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if urls.isEmpty, let list = file["alert_webhooks"] {
            guard let array = list.arrayValue, array.allSatisfy({ $0.stringValue != nil }) else {
                throw SessionError(.invalidArgument, "alert_webhooks must be an array of URLs")
            }
            urls = array.compactMap(\.stringValue)
        }
        for url in urls where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw SessionError(.invalidArgument, "an alert webhook must be an http or https URL")
        }
        return (rules, AlertWebhooks.Configuration(urls: urls))
    }
}

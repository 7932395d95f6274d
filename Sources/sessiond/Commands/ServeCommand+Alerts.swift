import Foundation
import SessionCore
import SessionKit
import SessionServer

extension ServeCommand {
    /// Settings file keys that hold JSON rather than text.
    static let alertObjectKeys: Set<String> = ["alerts", "alert_webhooks"]

    /// The alert rules and webhooks: `--alert-interval`, `--alert-webhook` (repeatable) over
    /// `$SESSIOND_ALERT_INTERVAL`, `$SESSIOND_ALERT_WEBHOOKS` (comma-separated) over the file's
    /// `alert_interval`, `alert_webhooks` (an array of URLs) and `alerts`, an object of thresholds
    /// by rule kind (`failure_rate`, `duration_anomaly`, `disk_free`, `memory`, `database_size`,
    /// `persistence_failures`) where `false` turns a rule off.
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
                guard let threshold = value.doubleValue, threshold >= 0 else {
                    throw SessionError(.invalidArgument, "the threshold of alert rule \(key) must be a non-negative number or false")
                }
                for index in rules.rules.indices where rules.rules[index].kind == kind { rules.rules[index].threshold = threshold }
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

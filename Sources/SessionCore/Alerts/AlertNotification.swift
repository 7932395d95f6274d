/// The body of an alert notification, the same on the stream and to webhooks:
/// `{"alert": {id, rule, severity, state, summary, value, threshold, started_at, resolved_at}, "state": "firing"|"resolved"}`.
public enum AlertNotification {
    public static func body(_ alert: Alert) -> JSONValue {
        ["alert": alert.json, "state": .string(alert.state.rawValue)]
    }
}

/// The verdict of one rule on one subject (the whole server, or one application for the
/// duration anomaly) at one evaluation.
public struct AlertCheck: Sendable, Hashable {
    public var rule: AlertRule
    /// What the alert is about within its rule: `""`, or the application.
    public var key: String
    /// The measured value (a ratio, bytes, a count, or seconds for the duration anomaly).
    public var value: Double
    /// The limit `value` was compared with (for the anomaly, the computed bound in seconds).
    public var threshold: Double
    /// Whether the condition holds, minimum volume included.
    public var holds: Bool
    /// One line for people, without user data (an application name at most).
    public var summary: String
    public var labels: [String: String]

    public init(
        rule: AlertRule, key: String = "", value: Double, threshold: Double, holds: Bool, summary: String, labels: [String: String] = [:]
    ) {
        self.rule = rule
        self.key = key
        self.value = value
        self.threshold = threshold
        self.holds = holds
        self.summary = summary
        self.labels = labels
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A stored alert: fired once when its rule's condition began to hold, resolved once when it cleared.
public struct Alert: Sendable, Hashable, Identifiable, JSONEncodable {
    public var id: UUID
    /// The rule's id, e.g. `SessiondFailureRateHigh`.
    public var rule: String
    /// The subject within the rule: `""`, or the application of a duration anomaly.
    public var key: String
    public var severity: AlertSeverity
    public var state: AlertState
    public var summary: String
    /// The value when it fired, and the limit it crossed.
    public var value: Double
    public var threshold: Double
    public var startedAt: Timestamp
    public var resolvedAt: Timestamp?
    public var labels: [String: String]

    public init(
        id: UUID, rule: String, key: String = "", severity: AlertSeverity, state: AlertState = .firing, summary: String, value: Double,
        threshold: Double, startedAt: Timestamp, resolvedAt: Timestamp? = nil, labels: [String: String] = [:]
    ) {
        self.id = id
        self.rule = rule
        self.key = key
        self.severity = severity
        self.state = state
        self.summary = summary
        self.value = value
        self.threshold = threshold
        self.startedAt = startedAt
        self.resolvedAt = resolvedAt
        self.labels = labels
    }

    /// A new firing alert for `check`, started at `now`.
    public init(firing check: AlertCheck, now: Timestamp) {
        self.init(
            id: UUID.v7(at: now), rule: check.rule.id, key: check.key, severity: check.rule.severity, summary: check.summary,
            value: check.value, threshold: check.threshold, startedAt: now, labels: check.labels)
    }

    /// The body of `/v1/alerts` entries and webhooks:
    /// `{id, rule, severity, state, summary, value, threshold, started_at, resolved_at}`.
    enum CodingKeys: String, CodingKey {
        case id, rule, severity, state, summary, value, threshold, startedAt = "started_at", resolvedAt = "resolved_at"
    }
}

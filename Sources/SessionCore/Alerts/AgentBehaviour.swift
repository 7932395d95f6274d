/// The behaviour rules on one assistant session's ``AgentActivity``: each gives a check whose
/// subject is the session (key: its id; labels: application and session id).
///
/// - Tool loop: the same tool with the same input started at least `threshold` times within the
///   last `windowMs`.
/// - Retry storm: the last `threshold` (or more) tool outcomes all failed, the last of them
///   within `windowMs` (so a session that went quiet resolves).
/// - Runaway cost, tokens: the session's cost in USD, or its tokens not read from cache, above
///   `threshold`.
/// - Spend rate: what the last `windowMs` cost, per hour, above `threshold` USD.
/// - Stuck on a permission prompt: a permission request (or a `permission_prompt` notification)
///   with nothing after it for at least `threshold` seconds.
public enum AgentBehaviour {
    public static func check(_ rule: AlertRule, _ activity: AgentActivity, now: Timestamp) -> AlertCheck? {
        let since = Timestamp(milliseconds: now.milliseconds - rule.windowMs)
        let subject = "assistant session \(activity.sessionID.lowercased) (\(activity.application))"
        func check(_ value: Double, holds: Bool, _ summary: String) -> AlertCheck {
            AlertCheck(
                rule: rule, key: activity.sessionID.lowercased, value: value, threshold: rule.threshold, holds: holds, summary: summary,
                labels: ["application": activity.application, "session_id": activity.sessionID.lowercased])
        }
        switch rule.kind {
        case .toolLoop:
            var counts: [String: (tool: String, count: Int)] = [:]
            for start in activity.toolStarts where start.time > since && start.time <= now {
                counts[start.fingerprint, default: (start.tool, 0)].count += 1
            }
            let top = counts.values.max { ($0.count, $1.tool) < ($1.count, $0.tool) }
            let count = top?.count ?? 0
            return check(
                Double(count), holds: count >= Int(rule.threshold),
                "\(subject) called \(top?.tool ?? "no tool") \(count) times with the same input in the last \(AlertText.duration(rule.windowMs)) (threshold \(AlertText.number(rule.threshold)))")
        case .retryStorm:
            let streak = activity.toolResults.reversed().prefix { $0.failed }
            let recent = streak.first.map { $0.time > since } ?? false
            return check(
                Double(streak.count), holds: recent && streak.count >= Int(rule.threshold),
                "\(subject): its last \(streak.count) tool calls failed (threshold \(AlertText.number(rule.threshold)))")
        case .agentCost:
            return check(
                activity.costUSD, holds: activity.costUSD > rule.threshold,
                "\(subject) cost \(AlertText.number(activity.costUSD)) USD (threshold \(AlertText.number(rule.threshold)) USD)")
        case .agentTokens:
            let tokens = Double(activity.tokens)
            return check(tokens, holds: tokens > rule.threshold, "\(subject) used \(activity.tokens) tokens not read from cache (threshold \(AlertText.number(rule.threshold)))")
        case .agentSpendRate:
            guard rule.windowMs > 0 else { return nil }
            let perHour = activity.recentCostUSD * 3_600_000 / Double(rule.windowMs)
            return check(
                perHour, holds: perHour > rule.threshold,
                "\(subject) spent \(AlertText.number(perHour)) USD an hour over the last \(AlertText.duration(rule.windowMs)) (threshold \(AlertText.number(rule.threshold)))")
        case .stuckPermission:
            let waited = activity.waitingSince.map { Double(now.milliseconds(since: $0)) / 1000 } ?? 0
            return check(
                waited, holds: activity.waitingSince != nil && waited >= rule.threshold,
                "\(subject) has waited \(AlertText.seconds(waited)) on a permission prompt (threshold \(AlertText.seconds(rule.threshold)))")
        default:
            return nil
        }
    }
}

/// What the rules say about one set of ``AlertInputs``: a check per rule and subject, and
/// which rules could be evaluated at all (a rule whose input is missing leaves its alerts alone).
public struct AlertEvaluation: Sendable, Hashable {
    public var checks: [AlertCheck]
    /// Ids of the rules that had their inputs.
    public var evaluatedRules: Set<String>

    public init(checks: [AlertCheck] = [], evaluatedRules: Set<String> = []) {
        self.checks = checks
        self.evaluatedRules = evaluatedRules
    }

    /// Applies `rules` to `inputs` at `now`.
    ///
    /// - Failure rate: failed / ended over `windowMs`; holds above `threshold` with at least
    ///   `minimumCount` ended sessions.
    /// - Duration anomaly, per application: the median duration of the sessions ended in the
    ///   last `windowMs` against the sessions ended in the `baselineMs` before that; holds when
    ///   recent median > baseline median + `threshold` × max(MAD, 5 % of the baseline median),
    ///   with at least `minimumCount` recent and `baselineMinimumCount` baseline sessions. The
    ///   floor keeps a baseline of identical durations (MAD 0) from firing on any small change.
    /// - Disk free: free / total below `threshold`. Memory, database size: above `threshold` bytes.
    /// - Persistence failures: more than `threshold` failures in the last `windowMs`.
    /// - Behaviour, per live assistant session (``AgentBehaviour``): tool loops, retry storms,
    ///   runaway cost, tokens or spend rate, a permission prompt left waiting.
    public static func evaluate(rules: [AlertRule], inputs: AlertInputs, now: Timestamp) -> AlertEvaluation {
        var evaluation = AlertEvaluation()
        for rule in rules {
            switch rule.kind {
            case .failureRate:
                evaluation.evaluatedRules.insert(rule.id)
                evaluation.checks.append(failureRate(rule, inputs.endedSessions, now: now))
            case .durationAnomaly:
                evaluation.evaluatedRules.insert(rule.id)
                evaluation.checks.append(contentsOf: durationAnomalies(rule, inputs.endedSessions, now: now))
            case .diskFree:
                guard let free = inputs.diskFreeBytes, let total = inputs.diskTotalBytes, total > 0 else { continue }
                evaluation.evaluatedRules.insert(rule.id)
                let ratio = Double(free) / Double(total)
                evaluation.checks.append(
                    AlertCheck(
                        rule: rule, value: ratio, threshold: rule.threshold, holds: ratio < rule.threshold,
                        summary: "\(AlertText.percent(ratio)) of the database's file system is free (threshold \(AlertText.percent(rule.threshold)))"))
            case .memory:
                guard let bytes = inputs.residentBytes.map({ Double($0) }) else { continue }
                evaluation.above(rule, bytes, "resident memory is \(AlertText.bytes(bytes)) (threshold \(AlertText.bytes(rule.threshold)))")
            case .databaseSize:
                guard let bytes = inputs.databaseBytes.map({ Double($0) }) else { continue }
                evaluation.above(rule, bytes, "the database is \(AlertText.bytes(bytes)) (threshold \(AlertText.bytes(rule.threshold)))")
            case .persistenceFailures:
                guard let failures = inputs.persistenceFailures else { continue }
                let since = now.milliseconds - rule.windowMs
                let count = failures.filter { $0.milliseconds > since && $0 <= now }.count
                evaluation.above(rule, Double(count), "\(count) store operation(s) failed in the last \(AlertText.duration(rule.windowMs))")
            default:
                guard AlertKind.behaviour.contains(rule.kind), let sessions = inputs.agentSessions else { continue }
                evaluation.evaluatedRules.insert(rule.id)
                evaluation.checks += sessions.compactMap { AgentBehaviour.check(rule, $0, now: now) }
            }
        }
        return evaluation
    }

    /// A rule that holds when `value` is above its threshold.
    private mutating func above(_ rule: AlertRule, _ value: Double, _ summary: String) {
        evaluatedRules.insert(rule.id)
        checks.append(AlertCheck(rule: rule, value: value, threshold: rule.threshold, holds: value > rule.threshold, summary: summary))
    }

    static func failureRate(_ rule: AlertRule, _ sessions: [AlertInputs.EndedSession], now: Timestamp) -> AlertCheck {
        let since = now.milliseconds - rule.windowMs
        let ended = sessions.filter { $0.endedAt.milliseconds > since && $0.endedAt <= now }
        let failed = ended.filter(\.failed).count
        let rate = ended.isEmpty ? 0 : Double(failed) / Double(ended.count)
        let window = AlertText.duration(rule.windowMs)
        return AlertCheck(
            rule: rule, value: rate, threshold: rule.threshold, holds: ended.count >= rule.minimumCount && rate > rule.threshold,
            summary: "\(AlertText.percent(rate)) of \(ended.count) sessions ended in the last \(window) failed "
                + "(threshold \(AlertText.percent(rule.threshold)), minimum \(rule.minimumCount) ended)")
    }

    static func durationAnomalies(_ rule: AlertRule, _ sessions: [AlertInputs.EndedSession], now: Timestamp) -> [AlertCheck] {
        let recentFrom = now.milliseconds - rule.windowMs
        let baselineFrom = recentFrom - rule.baselineMs
        var recent: [String: [Double]] = [:]
        var baseline: [String: [Double]] = [:]
        for session in sessions where session.endedAt <= now {
            let seconds = Double(session.durationMs) / 1000
            if session.endedAt.milliseconds > recentFrom {
                recent[session.application, default: []].append(seconds)
            } else if session.endedAt.milliseconds > baselineFrom {
                baseline[session.application, default: []].append(seconds)
            }
        }
        return recent.keys.sorted().map { application in
            let durations = recent[application]!
            let history = baseline[application] ?? []
            let median = RobustStatistics.median(durations) ?? 0
            let baseMedian = RobustStatistics.median(history) ?? 0
            let spread = max(RobustStatistics.mad(history) ?? 0, baseMedian * 0.05)
            let bound = baseMedian + rule.threshold * spread
            let enough = durations.count >= rule.minimumCount && history.count >= rule.baselineMinimumCount
            return AlertCheck(
                rule: rule, key: application, value: median, threshold: bound, holds: enough && median > bound,
                summary: "sessions of \(application) ended in the last \(AlertText.duration(rule.windowMs)) took a median "
                    + "\(AlertText.seconds(median)), above the bound \(AlertText.seconds(bound)) (median \(AlertText.seconds(baseMedian)) "
                    + "+ \(AlertText.number(rule.threshold)) MAD over the previous \(AlertText.duration(rule.baselineMs)))",
                labels: ["application": application])
        }
    }
}

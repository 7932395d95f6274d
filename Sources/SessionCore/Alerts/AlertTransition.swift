/// What an evaluation changes: an alert to fire, or a firing one to resolve.
public enum AlertTransition: Sendable, Hashable {
    /// The check's condition holds and no alert of its rule and subject is firing.
    case fire(AlertCheck)
    /// The firing alert's condition no longer holds (or its subject was not seen at all).
    case resolve(Alert)

    /// The transitions from the `firing` alerts to `evaluation`: an alert fires once while its
    /// condition holds and resolves once when it clears; rules that were not evaluated (their
    /// input was missing) keep their alerts.
    public static func transitions(firing: [Alert], evaluation: AlertEvaluation) -> [AlertTransition] {
        var active: [String: Alert] = [:]
        for alert in firing where alert.state == .firing { active[subject(alert.rule, alert.key)] = alert }
        var result: [AlertTransition] = []
        var seen = Set<String>()
        for check in evaluation.checks {
            let id = subject(check.rule.id, check.key)
            seen.insert(id)
            if check.holds, active[id] == nil {
                result.append(.fire(check))
            } else if !check.holds, let alert = active[id] {
                result.append(.resolve(alert))
            }
        }
        for alert in firing where alert.state == .firing && evaluation.evaluatedRules.contains(alert.rule) {
            if !seen.contains(subject(alert.rule, alert.key)) { result.append(.resolve(alert)) }
        }
        return result
    }

    private static func subject(_ rule: String, _ key: String) -> String { rule + "\u{0}" + key }
}

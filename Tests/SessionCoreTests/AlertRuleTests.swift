import SessionCore
import Testing

struct AlertRuleTests {
    static let now = Timestamp(milliseconds: 1_800_000_000_000)
    static let minute: Int64 = 60_000

    static func ended(_ app: String = "app", failed: Bool = false, minutesAgo: Int64 = 1, seconds: Double = 60) -> AlertInputs.EndedSession {
        AlertInputs.EndedSession(
            application: app, failed: failed, endedAt: Timestamp(milliseconds: now.milliseconds - minutesAgo * minute),
            durationMs: Int64(seconds * 1000))
    }

    static func sessions(ok: Int, failed: Int, minutesAgo: Int64 = 1) -> [AlertInputs.EndedSession] {
        Array(repeating: ended(minutesAgo: minutesAgo), count: ok) + Array(repeating: ended(failed: true, minutesAgo: minutesAgo), count: failed)
    }

    static func check(_ rule: AlertRule, _ inputs: AlertInputs) -> AlertCheck? {
        AlertEvaluation.evaluate(rules: [rule], inputs: inputs, now: now).checks.first
    }

    // MARK: Robust statistics

    @Test(arguments: [
        ([] as [Double], nil as Double?, nil as Double?),
        ([5], 5, 0),
        ([1, 2, 3], 2, 1),
        ([4, 1, 3, 2], 2.5, 1),
        ([1, 1, 2, 2, 4, 6, 9], 2, 1),
        ([10, 10, 10, 10, 1000], 10, 0),
    ])
    func medianAndMAD(values: [Double], median: Double?, mad: Double?) {
        #expect(RobustStatistics.median(values) == median)
        #expect(RobustStatistics.mad(values) == mad)
    }

    // MARK: Failure rate

    @Test(arguments: [
        (8, 2, false),  // 20 %: not above
        (7, 3, true),  // 30 % of 10
        (2, 7, false),  // 78 % but only 9 ended: below the volume guard
        (0, 10, true),
        (80, 21, true),  // 20.8 %
        (0, 0, false),
    ])
    func failureRateNeedsRateAndVolume(ok: Int, failed: Int, holds: Bool) throws {
        let check = try #require(Self.check(.failureRateHigh, AlertInputs(endedSessions: Self.sessions(ok: ok, failed: failed))))
        #expect(check.holds == holds)
        #expect(check.threshold == 0.2)
    }

    @Test func failureRateOnlyCountsTheWindow() throws {
        let old = Self.sessions(ok: 0, failed: 20, minutesAgo: 16)
        let recent = Self.sessions(ok: 10, failed: 1, minutesAgo: 14)
        let check = try #require(Self.check(.failureRateHigh, AlertInputs(endedSessions: old + recent)))
        #expect(!check.holds)
        #expect(abs(check.value - 1.0 / 11) < 1e-9)
    }

    // MARK: Duration anomaly

    static func anomalyInputs(baseline: [Double], recent: [Double], app: String = "app") -> AlertInputs {
        AlertInputs(
            endedSessions: baseline.enumerated().map { ended(app, minutesAgo: 120 + Int64($0.offset), seconds: $0.element) }
                + recent.map { ended(app, minutesAgo: 5, seconds: $0) })
    }

    @Test func durationAnomalyFiresAboveMedianPlusKMAD() throws {
        // Baseline median 60, MAD 10 → bound 60 + 5 × 10 = 110.
        let baseline: [Double] = [40, 50, 50, 60, 60, 60, 70, 70, 80, 3600]
        let quiet = try #require(Self.check(.sessionDurationAnomaly, Self.anomalyInputs(baseline: baseline, recent: [100, 105, 108, 109, 110])))
        #expect(quiet.threshold == 110)
        #expect(!quiet.holds)
        let slow = try #require(Self.check(.sessionDurationAnomaly, Self.anomalyInputs(baseline: baseline, recent: [100, 111, 200, 300, 400])))
        #expect(slow.holds)
        #expect(slow.value == 200)
        #expect(slow.key == "app")
        #expect(slow.labels == ["application": "app"])
    }

    @Test func durationAnomalyIgnoresOneOutlierInTheBaseline() throws {
        // A mean/stddev rule would be dragged up by the 10 h session; the median and MAD are not.
        let baseline: [Double] = Array(repeating: 60, count: 9) + [36_000]
        let check = try #require(Self.check(.sessionDurationAnomaly, Self.anomalyInputs(baseline: baseline, recent: Array(repeating: 120, count: 5))))
        #expect(check.threshold == 60 + 5 * 3)  // MAD 0 → floor of 5 % of the median
        #expect(check.holds)
    }

    @Test(arguments: [(4, 10), (5, 9)])
    func durationAnomalyNeedsEnoughSessions(recent: Int, baseline: Int) throws {
        let inputs = Self.anomalyInputs(baseline: Array(repeating: 60, count: baseline), recent: Array(repeating: 6000, count: recent))
        let check = try #require(Self.check(.sessionDurationAnomaly, inputs))
        #expect(!check.holds)
    }

    @Test func durationAnomalyIsPerApplication() {
        let inputs = AlertInputs(
            endedSessions: Self.anomalyInputs(baseline: Array(repeating: 60, count: 10), recent: Array(repeating: 600, count: 5), app: "a").endedSessions
                + Self.anomalyInputs(baseline: Array(repeating: 600, count: 10), recent: Array(repeating: 600, count: 5), app: "b").endedSessions)
        let checks = AlertEvaluation.evaluate(rules: [.sessionDurationAnomaly], inputs: inputs, now: Self.now).checks
        #expect(checks.map(\.key) == ["a", "b"])
        #expect(checks.map(\.holds) == [true, false])
    }

    // MARK: Resources and persistence

    @Test func resourceRulesCompareWithTheirThresholds() {
        let gib: Int64 = 1 << 30
        let inputs = AlertInputs(
            diskFreeBytes: 9, diskTotalBytes: 100, databaseBytes: 11 * gib, residentBytes: gib,
            persistenceFailures: [Timestamp(milliseconds: Self.now.milliseconds - 6 * Self.minute)])
        let evaluation = AlertEvaluation.evaluate(rules: AlertRule.defaults, inputs: inputs, now: Self.now)
        let holds = Dictionary(uniqueKeysWithValues: evaluation.checks.filter { $0.key.isEmpty }.map { ($0.rule.id, $0.holds) })
        #expect(
            holds == [
                "SessiondFailureRateHigh": false, "SessiondDiskFreeLow": true, "SessiondDatabaseLarge": true, "SessiondMemoryHigh": false,
                "SessiondPersistenceFailures": false,
            ])
        let failing = AlertEvaluation.evaluate(
            rules: [.persistenceFailures, .memoryHigh],
            inputs: AlertInputs(residentBytes: 2 * gib, persistenceFailures: [Timestamp(milliseconds: Self.now.milliseconds - Self.minute)]),
            now: Self.now)
        #expect(failing.checks.allSatisfy { $0.holds })
    }

    @Test func missingInputsLeaveTheirRulesUnevaluated() {
        let evaluation = AlertEvaluation.evaluate(rules: AlertRule.defaults, inputs: AlertInputs(), now: Self.now)
        #expect(evaluation.evaluatedRules == ["SessiondFailureRateHigh", "SessiondSessionDurationAnomaly"])
    }

    // MARK: State machine

    static func evaluation(_ holds: Bool?, key: String = "") -> AlertEvaluation {
        let rule = AlertRule.failureRateHigh
        guard let holds else { return AlertEvaluation(checks: [], evaluatedRules: [rule.id]) }
        return AlertEvaluation(
            checks: [AlertCheck(rule: rule, key: key, value: holds ? 0.5 : 0.1, threshold: 0.2, holds: holds, summary: "s")],
            evaluatedRules: [rule.id])
    }

    /// Runs evaluations in order through the state machine, keeping the firing alerts as a store would.
    static func run(_ steps: [Bool?]) -> [String] {
        var firing: [Alert] = []
        var log: [String] = []
        for (index, holds) in steps.enumerated() {
            for transition in AlertTransition.transitions(firing: firing, evaluation: evaluation(holds)) {
                switch transition {
                case .fire(let check):
                    firing.append(Alert(firing: check, now: Timestamp(milliseconds: Int64(index))))
                    log.append("fire@\(index)")
                case .resolve(let alert):
                    firing.removeAll { $0.id == alert.id }
                    log.append("resolve@\(index)")
                }
            }
        }
        return log
    }

    @Test(arguments: [
        ([false, false], [] as [String]),
        ([true], ["fire@0"]),
        ([true, true, true], ["fire@0"]),
        ([true, true, false, false], ["fire@0", "resolve@2"]),
        ([true, false, true, false], ["fire@0", "resolve@1", "fire@2", "resolve@3"]),
        ([true, nil], ["fire@0", "resolve@1"]),  // evaluated, subject gone: resolves
    ])
    func firesOnceAndResolvesOnce(steps: [Bool?], expected: [String]) {
        #expect(Self.run(steps) == expected)
    }

    @Test func unevaluatedRulesKeepTheirAlerts() {
        let alert = Alert(firing: AlertCheck(rule: .diskFreeLow, value: 0.01, threshold: 0.1, holds: true, summary: "s"), now: Self.now)
        #expect(AlertTransition.transitions(firing: [alert], evaluation: AlertEvaluation()).isEmpty)
    }

    @Test func alertJSONHasTheListFields() {
        var alert = Alert(firing: AlertCheck(rule: .failureRateHigh, value: 0.5, threshold: 0.2, holds: true, summary: "s"), now: Self.now)
        #expect(Set(alert.json.objectValue!.keys) == ["id", "rule", "severity", "state", "summary", "value", "threshold", "started_at", "resolved_at"])
        #expect(alert.json["resolved_at"] == .null)
        alert.state = .resolved
        alert.resolvedAt = Self.now
        #expect(alert.json["state"] == "resolved")
        #expect(alert.json["resolved_at"] == .string(Self.now.iso8601))
    }
}

import Foundation
import SessionCore
import Testing

struct PolicyTests {
    @Test func defaults() {
        let policy = SessionPolicy()
        #expect(policy.idleAfter == .seconds(300))
        #expect(policy.expireAfter == .seconds(3600))
        #expect(policy.warnAt == [0.5, 0.8, 0.95])
        #expect(policy.maxDuration == nil)
        #expect(policy.heartbeatInterval == nil)
        #expect(policy.closePolicy == .terminate)
        #expect(SessionPolicy.missedHeartbeatLimit == 3)
    }

    @Test func defaultJSON() {
        #expect(
            JSONWriter.string(SessionPolicy().json)
                == #"{"close_policy":"terminate","expire_after_ms":3600000,"idle_after_ms":300000,"warn_at":[0.5,0.8,0.95]}"#
        )
    }

    @Test func neverExpiringPolicyWritesNull() throws {
        let policy = try SessionPolicy(json: ["expire_after_ms": .null])
        #expect(policy.expireAfter == nil)
        #expect(policy.json.objectValue?["expire_after_ms"] == .null)
        #expect(SweepDecision.nextCheck(.stub(status: .idle, policy: policy)) == nil)
    }

    @Test(arguments: [
        SessionPolicy(),
        SessionPolicy(
            idleAfter: .milliseconds(1),
            expireAfter: .milliseconds(2),
            warnAt: [0.1],
            maxDuration: .seconds(86_400),
            heartbeatInterval: .seconds(15),
            closePolicy: .abandon
        ),
        SessionPolicy(warnAt: []),
        SessionPolicy(expireAfter: nil),
        SessionPolicy(idleAfter: .seconds(60), warnAt: [0.25, 0.5, 0.75, 0.99], heartbeatInterval: .milliseconds(1500)),
    ])
    func jsonRoundTrip(_ policy: SessionPolicy) throws {
        #expect(try SessionPolicy(json: policy.json) == policy)
        let text = JSONWriter.string(policy.json)
        #expect(try SessionPolicy(json: JSONParser.parse(text)) == policy)
    }

    static let partial: [(JSONValue, SessionPolicy)] = [
        (JSONValue.emptyObject, SessionPolicy()),
        (["idle_after_ms": 1000], SessionPolicy(idleAfter: .seconds(1))),
        (["idle_after_ms": 2000.0], SessionPolicy(idleAfter: .seconds(2))),
        (["max_duration_ms": nil, "heartbeat_interval_ms": nil], SessionPolicy()),
        (["max_duration_ms": 60000], SessionPolicy(maxDuration: .seconds(60))),
        (["warn_at": [0.9, 0.5, 0.9]], SessionPolicy(warnAt: [0.5, 0.9])),
        (["warn_at": []], SessionPolicy(warnAt: [])),
        (["close_policy": "abandon"], SessionPolicy(closePolicy: .abandon)),
    ]

    @Test(arguments: partial)
    func readsPartialJSON(_ json: JSONValue, _ expected: SessionPolicy) throws {
        #expect(try SessionPolicy(json: json) == expected)
    }

    static let invalid: [JSONValue] = [
        .array([]), "policy", nil, 5,
        ["idle_after_ms": "300"], ["idle_after_ms": 1.5], ["idle_after_ms": 0], ["idle_after_ms": -1],
        ["expire_after_ms": 0], ["max_duration_ms": -5], ["heartbeat_interval_ms": 0], ["heartbeat_interval_ms": true],
        ["warn_at": 0.5], ["warn_at": [0]], ["warn_at": [1]], ["warn_at": [1.5]], ["warn_at": [-0.5]], ["warn_at": ["0.5"]],
        ["warn_at": .array((1...17).map { .double(Double($0) / 20) })],
        ["close_policy": "kill"], ["close_policy": 1], ["close_policy": nil],
        // Durations so long that time arithmetic would overflow (the sweeper would trap).
        ["max_duration_ms": .int(.max)], ["heartbeat_interval_ms": .int(.max / 2)], ["expire_after_ms": .int(.max)],
        ["idle_after_ms": 9_000_000_000_000_000],
    ]

    @Test(arguments: invalid)
    func rejectsInvalidJSON(_ json: JSONValue) {
        let error = #expect(throws: SessionError.self) { try SessionPolicy(json: json) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func longestDurationIsAccepted() throws {
        let json: JSONValue = [
            "idle_after_ms": 8_999_999_999_999_999, "expire_after_ms": 8_999_999_999_999_999,
            "max_duration_ms": 8_999_999_999_999_999, "heartbeat_interval_ms": 8_999_999_999_999_999,
        ]
        let policy = try SessionPolicy(json: json)
        // The sweeper's arithmetic stays in range for such a policy.
        let session = Session.stub(status: .active, policy: policy)
        #expect(SweepDecision.decide(session, now: T.sec(1_000_000)).isEmpty)
        #expect(SweepDecision.nextCheck(session) == T.at(4_500_000_000_000_000), "the first warning, at 50%")
        #expect(summary(SweepDecision.decide(session, now: T.at(8_999_999_999_999_999))) == "expire:max_duration")
    }

    @Test(arguments: [
        SessionPolicy(idleAfter: .zero), SessionPolicy(expireAfter: .milliseconds(-1)),
        SessionPolicy(maxDuration: .zero), SessionPolicy(heartbeatInterval: .zero),
        SessionPolicy(idleAfter: .microseconds(999)),
        SessionPolicy(warnAt: [0.5, 1.0]), SessionPolicy(warnAt: [0.0]), SessionPolicy(warnAt: [.nan]),
        SessionPolicy(warnAt: Array(repeating: 0.5, count: 17)),
        SessionPolicy(maxDuration: .seconds(9_000_000_000_000)),
    ])
    func validationRejects(_ policy: SessionPolicy) {
        let error = #expect(throws: SessionError.self) { try policy.validated() }
        #expect(error?.code == .invalidArgument)
    }

    @Test func validationSortsAndDeduplicatesWarnings() throws {
        let policy = try SessionPolicy(warnAt: [0.95, 0.5, 0.8, 0.5]).validated()
        #expect(policy.warnAt == [0.5, 0.8, 0.95])
        #expect(try SessionPolicy(warnAt: Array(repeating: 0.5, count: 16)).validated().warnAt == [0.5])
    }
}

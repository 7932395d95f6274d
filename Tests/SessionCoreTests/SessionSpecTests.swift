import Foundation
import SessionCore
import Testing

struct SessionSpecTests {
    @Test func defaultsAreValid() throws {
        let spec = SessionSpec()
        try spec.validate()
        #expect(spec.start)
        #expect(spec.context == .emptyObject)
        #expect(spec.policy == SessionPolicy())
    }

    static let invalid: [(String, SessionSpec, SessionError.Code)] = [
        ("empty application", SessionSpec(application: ""), .invalidArgument),
        ("long application", SessionSpec(application: String(repeating: "a", count: 257)), .invalidArgument),
        ("empty user", SessionSpec(userID: ""), .invalidArgument),
        ("long external id", SessionSpec(externalID: String(repeating: "e", count: 257)), .invalidArgument),
        ("long project key", SessionSpec(projectKey: String(repeating: "é", count: 129)), .invalidArgument),
        ("too many labels", SessionSpec(labels: Dictionary(uniqueKeysWithValues: (0...64).map { ("k\($0)", "v") })), .invalidArgument),
        ("empty label key", SessionSpec(labels: ["": "v"]), .invalidArgument),
        ("long label key", SessionSpec(labels: [String(repeating: "k", count: 257): "v"]), .invalidArgument),
        ("long label value", SessionSpec(labels: ["k": String(repeating: "v", count: 257)]), .invalidArgument),
        ("array context", SessionSpec(context: [1]), .invalidArgument),
        ("string context", SessionSpec(context: "ctx"), .invalidArgument),
        ("deep context", SessionSpec(context: ["a": nested(64)]), .jsonTooDeep),
        ("deep metadata", SessionSpec(metadata: nested(65)), .jsonTooDeep),
        ("large metadata", SessionSpec(metadata: ["m": .string(String(repeating: "x", count: 1 << 20))]), .payloadTooLarge),
        ("bad policy", SessionSpec(policy: SessionPolicy(warnAt: [2])), .invalidArgument),
    ]

    @Test(arguments: invalid)
    func rejects(_ name: String, _ spec: SessionSpec, _ code: SessionError.Code) {
        let error = #expect(throws: SessionError.self, "\(name)") { try spec.validate() }
        #expect(error?.code == code, "\(name)")
        // The builder refuses it too, before anything is written.
        let create = #expect(throws: SessionError.self, "\(name)") { try createSession(spec: spec) }
        #expect(create?.code == code, "\(name)")
    }

    @Test func limitsAreInclusive() throws {
        let longest = String(repeating: "a", count: 256)
        try SessionSpec(
            application: longest,
            userID: longest,
            externalID: longest,
            projectKey: longest,
            labels: Dictionary(uniqueKeysWithValues: (0..<64).map { ("k\($0)", "v") }).merging([longest: longest]) { a, _ in a }
                .filter { $0.key != "k0" },
            metadata: nested(64)
        ).validate()
        try SessionSpec(labels: ["k": ""]).validate()
    }

    @Test func customLimitsApply() {
        var limits = EventLimits()
        limits.maxDepth = 2
        let error = #expect(throws: SessionError.self) { try SessionSpec(context: ["a": ["b": [1]]]).validate(limits: limits) }
        #expect(error?.code == .jsonTooDeep)
    }
}

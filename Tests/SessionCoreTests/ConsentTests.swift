import SessionCore
import Testing

@Suite struct ConsentTests {
    static let record = ConsentRecord(userID: "u", categories: [.context], updatedAt: Timestamp(milliseconds: 1), updatedBy: "cli")

    @Test(arguments: [
        // required, minimal, record?, expected categories
        (false, false, false, Set(ConsentCategory.allCases)),
        (true, false, false, Set<ConsentCategory>()),
        (true, false, true, [.context]),
        (false, false, true, [.context]),
        (false, true, true, []),
        (false, true, false, []),
    ] as [(Bool, Bool, Bool, Set<ConsentCategory>)])
    func categoriesFollowTheRecordThenThePolicy(_ required: Bool, _ minimal: Bool, _ hasRecord: Bool, _ expected: Set<ConsentCategory>) {
        let policy = ConsentPolicy(required: required, minimal: minimal)
        #expect(policy.categories(hasRecord ? Self.record : nil) == expected)
    }

    @Test func withoutContentEventsLoseDataAndDeltaAndSayWhy() {
        var event = NewEvent(type: "user.prompt", data: ["text": "hi"], stateDelta: ["a": 1])
        ConsentFilter(categories: [.context], minimal: false).apply(&event)
        #expect(event.type == "user.prompt")
        #expect(event.data == .emptyObject)
        #expect(event.stateDelta == nil)
        #expect(event.redactions == [Redaction(path: "data", rule: "consent"), Redaction(path: "state_delta", rule: "consent")])
        var kept = NewEvent(type: "user.prompt", data: ["text": "hi"])
        ConsentFilter(categories: [.content], minimal: false).apply(&kept)
        #expect(kept.data == ["text": "hi"])
    }

    @Test func withoutContentAnInitialStateIsDropped() {
        var redactions: [Redaction] = []
        var spec = SessionSpec(application: "t", state: ["draft": "secret plan"])
        ConsentFilter(categories: [.context], minimal: false).apply(&spec, redactions: &redactions) { $0 }
        #expect(spec.state == nil)
        #expect(redactions == [Redaction(path: "state", rule: "consent")])
        var kept = SessionSpec(application: "t", state: ["draft": "plan"])
        redactions = []
        ConsentFilter(categories: [.context, .content], minimal: false).apply(&kept, redactions: &redactions) { $0 }
        #expect(kept.state == ["draft": "plan"])
        #expect(redactions.isEmpty)
    }

    @Test func withoutContextTheContextIsDroppedAndMinimalKeepsOnlyPseudonyms() {
        let context: JSONValue = [
            "project": ["cwd": "/home/ann/app", "git_branch": "main"], "system": ["hostname": "ann-laptop", "os": "linux"],
            "user": ["name": "ann"],
        ]
        var spec = SessionSpec(application: "t", userID: "ann", context: context, labels: ["k": "v"], metadata: ["m": 1])
        var redactions: [Redaction] = []
        ConsentFilter(categories: [.content], minimal: false).apply(&spec, redactions: &redactions) { "P(\($0))" }
        #expect(spec.context == .emptyObject)
        #expect(spec.labels == ["k": "v"])
        #expect(redactions == [Redaction(path: "context", rule: "consent")])

        var minimal = SessionSpec(application: "t", userID: "ann", context: context, labels: ["k": "v"], metadata: ["m": 1])
        redactions = []
        ConsentFilter(categories: Set(ConsentCategory.allCases), minimal: true).apply(&minimal, redactions: &redactions) { "P(\($0))" }
        #expect(minimal.context == ["project": ["cwd": "P(/home/ann/app)"], "system": ["hostname": "P(ann-laptop)"], "user": ["name": "P(ann)"]])
        #expect(minimal.labels.isEmpty)
        #expect(minimal.metadata == .emptyObject)
        #expect(redactions.map(\.path) == ["context", "labels", "metadata"])
        var event = NewEvent(type: "tool.call", data: ["x": 1])
        ConsentFilter(categories: Set(ConsentCategory.allCases), minimal: true).apply(&event)
        #expect(event.data == .emptyObject)
    }

    @Test(arguments: [
        (#"{"consent": {"default": ["content", "screenshots"]}}"#, "consent.default: categories are"),
        (#"{"consent": {"required": "yes"}}"#, "required must be true or false"),
        (#"{"consent": {"optional": true}}"#, "unknown field optional"),
    ])
    func invalidConsentSectionsNameTheField(_ json: String, _ message: String) throws {
        let value = try JSONParser.parse(json)
        let error = #expect(throws: SessionError.self) { _ = try PrivacyPolicy(json: value) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }
}

import SessionCore
import TestSupport
import Testing

@Suite struct RedactorTests {
    static let key = Array("0123456789abcdef0123456789abcdef".utf8)

    static func policy(_ json: String) throws -> RedactionPolicy {
        try RedactionPolicy(json: try JSONParser.parse(Array(json.utf8)))
    }

    static func redact(_ redactor: Redactor, _ value: JSONValue, application: String = "agent") -> (JSONValue?, [Redaction]) {
        var redactions: [Redaction] = []
        let result = redactor.redact(value, field: "data", application: application, into: &redactions)
        return (result, redactions)
    }

    @Test func defaultMasksEveryPlantedSecretAndRecordsWhereNotWhat() throws {
        for sample in SecretSamples.planted {
            let (result, redactions) = Self.redact(Redactor(), ["output": .string(sample.text)])
            let text = try #require(result?["output"]?.stringValue)
            #expect(!text.contains(sample.secret), "\(sample.kind) left in \(text)")
            #expect(text.contains("[REDACTED:\(sample.kind.rawValue)]"))
            #expect(redactions == [Redaction(path: "data.output", rule: sample.kind.rawValue)])
        }
    }

    @Test func cleanDataIsReturnedAsItWas() {
        let value: JSONValue = ["lines": .array(SecretSamples.clean.map(JSONValue.string)), "n": 3]
        let (result, redactions) = Self.redact(Redactor(), value)
        #expect(result == value)
        #expect(redactions == [])
    }

    @Test func secretNamedFieldsAreTakenWhole() throws {
        let value: JSONValue = ["config": ["password": "correct horse battery", "api_key": "abcd", "max_tokens": 10, "token_type": "bearer"]]
        let (result, redactions) = Self.redact(Redactor(), value)
        let config = try #require(result?["config"])
        #expect(config["password"] == "[REDACTED:secret_assignment]")
        #expect(config["api_key"] == "[REDACTED:secret_assignment]")
        #expect(config["max_tokens"] == 10)
        #expect(config["token_type"] == "bearer")
        #expect(Set(redactions.map(\.path)) == ["data.config.password", "data.config.api_key"])
    }

    @Test func hashModeIsKeyedStableAndUnreadable() throws {
        let redactor = try Redactor(policy: try Self.policy(#"{"modes": {"email": "hash"}, "hash_key_file": "k"}"#), hashKey: Self.key)
        let (a, _) = Self.redact(redactor, ["who": "alice@example.com", "again": "mail alice@example.com", "other": "bob@example.com"])
        let who = try #require(a?["who"]?.stringValue)
        #expect(who.hasPrefix("[HASH:email:"))
        #expect(a?["again"]?.stringValue == "mail " + who)
        #expect(a?["other"]?.stringValue != who)
        let otherKey = try Redactor(policy: try Self.policy(#"{"modes": {"email": "hash"}}"#), hashKey: Array(repeating: 7, count: 32))
        #expect(Self.redact(otherKey, ["who": "alice@example.com"]).0?["who"]?.stringValue != who)
    }

    @Test func dropRemovesTheFieldAndAllowLeavesIt() throws {
        let redactor = try Redactor(policy: try Self.policy(#"{"modes": {"email": "drop", "ipv4": "allow"}}"#))
        let (result, redactions) = Self.redact(redactor, ["who": "alice@example.com", "ip": "203.0.113.42", "list": ["x", "bob@example.com"]])
        #expect(result == ["ip": "203.0.113.42", "list": ["x", "[REDACTED]"]])
        #expect(Set(redactions) == [Redaction(path: "data.who", rule: "email"), Redaction(path: "data.list[1]", rule: "email")])
    }

    @Test func allowListedValuesPass() throws {
        let redactor = try Redactor(policy: try Self.policy(#"{"allow": ["AKIAIOSFODNN7EXAMPLE"]}"#))
        let (result, _) = Self.redact(redactor, ["doc": "example AKIAIOSFODNN7EXAMPLE, real AKIAQWERTYUIOP123456"])
        #expect(result?["doc"] == "example AKIAIOSFODNN7EXAMPLE, real [REDACTED:aws_access_key_id]")
    }

    @Test func customPatternAndPathRules() throws {
        let policy = try Self.policy(
            #"{"rules": [{"name": "ticket", "pattern": "TKT-[0-9]{6}", "mode": "hash"}, {"name": "command", "path": "data.tool_input.command", "mode": "mask"}, {"name": "raw", "path": "data.raw.*", "mode": "drop"}]}"#)
        let redactor = try Redactor(policy: policy, hashKey: Self.key)
        let (result, redactions) = Self.redact(redactor, [
            "note": "see TKT-123456 and TKT-123456", "tool_input": ["command": "ls -la", "cwd": "/tmp"], "raw": ["a": 1, "b": [2]],
        ])
        let note = try #require(result?["note"]?.stringValue)
        #expect(note.hasPrefix("see [HASH:ticket:"))
        #expect(!note.contains("123456"))
        #expect(result?["tool_input"] == ["command": "[REDACTED:command]", "cwd": "/tmp"])
        #expect(result?["raw"] == .emptyObject)
        #expect(Set(redactions.map(\.rule)) == ["ticket", "command", "raw"])
    }

    @Test func applicationsOverrideTheBase() throws {
        let policy = try Self.policy(#"{"modes": {"email": "mask"}, "applications": {"crm": {"modes": {"email": "allow"}}, "off": {"enabled": false}}}"#)
        let redactor = try Redactor(policy: policy)
        let value: JSONValue = ["who": "alice@example.com", "key": "AKIAQWERTYUIOP123456"]
        #expect(Self.redact(redactor, value, application: "agent").0 == ["who": "[REDACTED:email]", "key": "[REDACTED:aws_access_key_id]"])
        #expect(Self.redact(redactor, value, application: "crm").0 == ["who": "alice@example.com", "key": "[REDACTED:aws_access_key_id]"])
        #expect(Self.redact(redactor, value, application: "off").0 == value)
    }

    @Test func keysLabelsAndTextAreRedactedToo() {
        var redactions: [Redaction] = []
        let labels = Redactor().redact(labels: ["owner": "alice@example.com", "team": "core"], application: "a", into: &redactions)
        #expect(labels == ["owner": "[REDACTED:email]", "team": "core"])
        let reason = Redactor().redact(text: "crashed with token ghp_" + String(repeating: "a1B2", count: 9), field: "reason", application: "a", into: &redactions)
        #expect(reason == "crashed with token [REDACTED:github_token]")
        let keyed = Self.redact(Redactor(), ["alice@example.com": 1]).0
        #expect(keyed == ["[REDACTED:email]": 1])
        #expect(redactions.map(\.path) == ["labels.owner", "reason"])
    }

    @Test func offChangesNothing() {
        let value: JSONValue = ["who": "alice@example.com"]
        #expect(Self.redact(.off, value).0 == value)
    }

    @Test(arguments: [
        (#"{"modes": {"email": "scramble"}}"#, "rule email: unknown mode scramble"),
        (#"{"modes": {"emails": "mask"}}"#, "redaction.modes: unknown built-in rule emails"),
        (#"{"rules": [{"name": "bad", "pattern": "([a-z"}]}"#, "rule bad: the pattern does not compile"),
        (#"{"rules": [{"name": "p", "path": "nowhere.x"}]}"#, "rule p: path nowhere.x starts with one of"),
        (#"{"rules": [{"name": "both", "pattern": "x", "path": "data.x"}]}"#, "rule both: give one of pattern and path"),
        (#"{"rules": [{"name": "email", "pattern": "x"}]}"#, "rule email: the name of a built-in rule"),
        (#"{"rules": [{"pattern": "x"}]}"#, "rules[0]: name is required"),
        (#"{"rules": [{"name": "t", "pattern": "x", "mode": "hash"}]}"#, "redaction.hash_key_file: required"),
        (#"{"colour": "red"}"#, "unknown field colour"),
    ])
    func invalidPoliciesNameTheField(_ json: String, _ message: String) {
        let error = #expect(throws: SessionError.self) {
            _ = try Redactor(policy: try Self.policy(json))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "") lacks \(message)")
    }
}

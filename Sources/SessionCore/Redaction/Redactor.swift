internal import Crypto

/// The redaction pipeline: every write path runs session context, labels, metadata, end
/// reasons, event data and state deltas through one `Redactor` before anything is stored,
/// streamed, logged or exported.
///
/// Built from a ``RedactionPolicy``: the built-in ``SecretScanner`` rules in their modes, then
/// the custom pattern rules, with field-path rules and names of secret fields (`password`,
/// `api_key`, `client_secret` …, whose string values are taken whole) checked at every field.
/// Masked values cannot be recovered by anyone; hashed ones are a keyed HMAC, joinable but not
/// readable without the key.
public struct Redactor: Sendable {
    let base: RedactionProfile
    let applications: [String: RedactionProfile]
    let hashKey: [UInt8]?

    /// A redactor that changes nothing.
    public static let off = Redactor(off: ())

    private init(off: Void) {
        base = RedactionProfile(enabled: false)
        applications = [:]
        hashKey = nil
    }

    /// The default: every built-in rule on, in `mask` mode.
    public init() {
        base = RedactionProfile(enabled: true)
        applications = [:]
        hashKey = nil
    }

    /// A redactor for `policy`.
    ///
    /// - Parameters:
    ///   - hashKey: the key of `hash` mode (at least 16 bytes); required when a rule hashes.
    /// - Throws: `invalid_argument` naming the rule, for a pattern that does not compile or a
    ///   hash rule without a key.
    public init(policy: RedactionPolicy, hashKey: [UInt8]? = nil) throws(SessionError) {
        if policy.needsHashKey {
            guard let hashKey else { throw SessionError(.invalidArgument, "redaction.hash_key_file: required by a rule in hash mode") }
            guard hashKey.count >= 16 else { throw SessionError(.invalidArgument, "redaction.hash_key_file: the key must be at least 16 bytes") }
        }
        self.hashKey = hashKey
        let root = RedactionPolicy.Override(enabled: policy.enabled, modes: policy.modes, rules: policy.rules, allow: policy.allow)
        base = try RedactionProfile(root)
        var applications: [String: RedactionProfile] = [:]
        for (name, override) in policy.applications {
            var merged = root
            merged.enabled = override.enabled ?? policy.enabled
            merged.modes.merge(override.modes) { $1 }
            merged.rules = merged.rules.filter { rule in !override.rules.contains { $0.name == rule.name } } + override.rules
            merged.allow.formUnion(override.allow)
            applications[name] = try RedactionProfile(merged)
        }
        self.applications = applications
    }

    /// Whether some application has rules of its own (then writes need the session's application).
    public var hasApplicationOverrides: Bool { !applications.isEmpty }

    /// Whether this redactor changes anything for `application`.
    public func isEnabled(for application: String) -> Bool { profile(application).enabled }

    func profile(_ application: String) -> RedactionProfile { applications[application] ?? base }

    /// `value` with what the rules find redacted, or `nil` when a `drop` rule takes it whole.
    ///
    /// - Parameters:
    ///   - field: the root of the paths recorded: `data`, `state_delta`, `context`, `metadata`.
    ///   - redactions: where each redaction's path and rule is appended.
    public func redact(_ value: JSONValue, field: String, application: String, into redactions: inout [Redaction]) -> JSONValue? {
        let profile = profile(application)
        guard profile.enabled else { return value }
        var walk = RedactionWalk(redactor: self, profile: profile, path: [.key(field)])
        let result = walk.visit(value)
        redactions += walk.redactions
        switch result {
        case .same: return value
        case .changed(let new): return new
        case .dropped: return nil
        }
    }

    /// `text` (an end reason, a label value) with what the rules find redacted; `nil` when dropped.
    public func redact(text: String, field: String, application: String, into redactions: inout [Redaction]) -> String? {
        switch redact(.string(text), field: field, application: application, into: &redactions) {
        case .string(let s)?: s
        case nil: nil
        case let other?: JSONWriter.string(other)
        }
    }

    /// Labels with their values redacted; a dropped value drops its label.
    public func redact(labels: [String: String], application: String, into redactions: inout [Redaction]) -> [String: String] {
        guard profile(application).enabled, !labels.isEmpty else { return labels }
        let object = JSONValue.object(labels.mapValues(JSONValue.string))
        guard let redacted = redact(object, field: "labels", application: application, into: &redactions)?.objectValue else { return [:] }
        return redacted.compactMapValues(\.stringValue)
    }

    /// The text a match is replaced by in `mode` (`mask` or `hash`).
    /// A stable stand-in for `text`: its keyed hash (`[HASH:rule:…]`) when a hash key is set,
    /// else the mask.
    public func pseudonym(_ text: String, rule: String) -> String {
        replacement(for: text.utf8, rule: rule, mode: .hash)
    }

    func replacement(for value: some Sequence<UInt8>, rule: String, mode: RedactionMode) -> String {
        guard mode == .hash, let hashKey else { return "[REDACTED:\(rule)]" }
        let code = HMAC<SHA256>.authenticationCode(for: Array(value), using: SymmetricKey(data: hashKey))
        return "[HASH:\(rule):\(Hex.encode(code.prefix(8)))]"
    }
}

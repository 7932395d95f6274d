/// The `redaction` section of a policy file: which built-in rules run in which mode, custom
/// rules, values never redacted, and overrides per application.
///
/// Every built-in rule is on in `mask` mode unless `modes` says otherwise.
public struct RedactionPolicy: Sendable, Hashable {
    /// Changes for one application (`"applications": {"claude-code": {…}}`), on top of the base.
    public struct Override: Sendable, Hashable {
        public var enabled: Bool?
        public var modes: [SecretKind: RedactionMode] = [:]
        public var rules: [RedactionRule] = []
        public var allow: Set<String> = []

        public init(enabled: Bool? = nil, modes: [SecretKind: RedactionMode] = [:], rules: [RedactionRule] = [], allow: Set<String> = []) {
            self.enabled = enabled
            self.modes = modes
            self.rules = rules
            self.allow = allow
        }
    }

    /// Key `enabled`, default `true`.
    public var enabled = true
    /// Key `hash_key_file`: the file of the key `hash` mode uses (read by the caller).
    public var hashKeyFile: String?
    /// Key `modes`: a mode per built-in rule name; default `mask` for each.
    public var modes: [SecretKind: RedactionMode] = [:]
    /// Key `rules`: custom rules, applied after the built-in ones.
    public var rules: [RedactionRule] = []
    /// Key `allow`: exact values that are never redacted (a documented example key, a test account).
    public var allow: Set<String> = []
    /// Key `applications`: overrides by application name.
    public var applications: [String: Override] = [:]

    public init() {}

    /// Reads the section; an unknown key, mode or rule name is `invalid_argument` naming it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "redaction")
        try o.allow(["enabled", "hash_key_file", "modes", "rules", "allow", "applications"])
        let base = try Self.override(o, at: "redaction")
        enabled = base.enabled ?? true
        modes = base.modes
        rules = base.rules
        allow = base.allow
        hashKeyFile = try o.string("hash_key_file")
        for (name, value) in try o.object("applications") ?? [:] {
            let fields = try JSONFields(value, what: "redaction.applications.\(name)")
            try fields.allow(["enabled", "modes", "rules", "allow"])
            applications[name] = try Self.override(fields, at: "redaction.applications.\(name)")
        }
    }

    private static func override(_ o: JSONFields, at path: String) throws(SessionError) -> Override {
        var override = Override(enabled: try o.bool("enabled"))
        for (name, value) in try o.object("modes") ?? [:] {
            guard let kind = SecretKind(rawValue: name) else {
                throw SessionError(.invalidArgument, "\(path).modes: unknown built-in rule \(name)")
            }
            guard let text = value.stringValue else { throw SessionError(.invalidArgument, "\(path).modes.\(name) must be a string") }
            override.modes[kind] = try RedactionRule.mode(text, rule: name)
        }
        if let rules = o["rules"] {
            guard case .array(let items) = rules else { throw SessionError(.invalidArgument, "\(path).rules must be an array") }
            var names: Set<String> = []
            for (index, item) in items.enumerated() {
                let rule = try RedactionRule(json: item, index: index)
                guard names.insert(rule.name).inserted else { throw SessionError(.invalidArgument, "rule \(rule.name): defined twice") }
                override.rules.append(rule)
            }
        }
        if let allow = o["allow"] {
            guard case .array(let items) = allow else { throw SessionError(.invalidArgument, "\(path).allow must be an array of strings") }
            for item in items {
                guard let text = item.stringValue else { throw SessionError(.invalidArgument, "\(path).allow must be an array of strings") }
                override.allow.insert(text)
            }
        }
        return override
    }

    /// Whether any rule, for any application, hashes: then a hash key is required.
    public var needsHashKey: Bool {
        let all = [Override(modes: modes, rules: rules)] + Array(applications.values)
        return all.contains { o in o.modes.values.contains(.hash) || o.rules.contains { $0.mode == .hash } }
    }
}

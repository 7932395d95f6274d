/// What was redacted in one stored item: where (`data.tool_output`, `context.user.email`,
/// `labels.owner`) and by which rule, never the value.
public struct Redaction: Sendable, Hashable {
    /// The field: `data`, `state_delta`, `context`, `labels`, `metadata` or `reason`, then the
    /// keys and `[index]`es below it.
    public var path: String
    /// A built-in ``SecretKind``'s name or a custom rule's.
    public var rule: String

    public init(path: String, rule: String) {
        self.path = path
        self.rule = rule
    }

    public var json: JSONValue { ["path": .string(path), "rule": .string(rule)] }

    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a redaction")
        guard let path = try o.string("path"), let rule = try o.string("rule") else {
            throw SessionError(.invalidArgument, "a redaction has a path and a rule")
        }
        self.init(path: path, rule: rule)
    }
}

/// A policy file (`sessiond serve --policy FILE`): how sessiond treats the data it is given.
///
/// Today it has one section, `redaction` (see ``RedactionPolicy``); `retention`, `consent` and
/// `encryption` are refused by name rather than ignored, so that nobody believes a setting
/// this version does not carry out.
public struct PrivacyPolicy: Sendable, Hashable {
    /// Key `redaction`.
    public var redaction = RedactionPolicy()

    public init() {}

    /// Reads a policy file's JSON; errors name the field.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a policy")
        for section in ["retention", "consent", "encryption"] where o.fields[section] != nil {
            throw SessionError(.invalidArgument, "\(section): not supported by this version of sessiond; remove the section")
        }
        try o.allow(["redaction"])
        if let redaction = o["redaction"] { self.redaction = try RedactionPolicy(json: redaction) }
    }
}

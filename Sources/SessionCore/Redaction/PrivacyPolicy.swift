/// A policy file (`sessiond serve --policy FILE`): how sessiond treats the data it is given.
///
/// Two sections today, `redaction` (see ``RedactionPolicy``) and `retention` (see
/// ``RetentionPolicy``); `consent` and `encryption` are refused by name rather than ignored, so
/// that nobody believes a setting this version does not carry out.
public struct PrivacyPolicy: Sendable, Hashable {
    /// Key `redaction`.
    public var redaction = RedactionPolicy()
    /// Key `retention`; `nil` when the file has none (nothing is archived).
    public var retention: RetentionPolicy?

    public init() {}

    /// Reads a policy file's JSON; errors name the field.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a policy")
        for section in ["consent", "encryption"] where o.fields[section] != nil {
            throw SessionError(.invalidArgument, "\(section): not supported by this version of sessiond; remove the section")
        }
        try o.allow(["redaction", "retention"])
        if let redaction = o["redaction"] { self.redaction = try RedactionPolicy(json: redaction) }
        if let retention = o["retention"] { self.retention = try RetentionPolicy(json: retention) }
    }
}

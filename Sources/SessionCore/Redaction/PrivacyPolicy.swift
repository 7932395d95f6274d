internal import Crypto

/// A policy file (`sessiond serve --policy FILE`): how sessiond treats the data it is given.
///
/// Sections `redaction` (see ``RedactionPolicy``), `retention` (see ``RetentionPolicy``),
/// `consent` (see ``ConsentPolicy``) and `encryption` (see ``EncryptionPolicy``); any other key
/// is an error, so that nobody believes a setting this version does not carry out.
public struct PrivacyPolicy: Sendable, Hashable {
    /// Key `redaction`.
    public var redaction = RedactionPolicy()
    /// Key `retention`; `nil` when the file has none (nothing is archived).
    public var retention: RetentionPolicy?
    /// Key `consent`; `nil` when the file has none (consent records are kept but not applied).
    public var consent: ConsentPolicy?
    /// Key `encryption`; `nil` when the file has none (payloads are stored in the clear).
    public var encryption: EncryptionPolicy?

    public init() {}

    /// Reads a policy file's JSON; errors name the field.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a policy")
        try o.allow(["redaction", "retention", "consent", "encryption"])
        if let redaction = o["redaction"] { self.redaction = try RedactionPolicy(json: redaction) }
        if let retention = o["retention"] { self.retention = try RetentionPolicy(json: retention) }
        if let consent = o["consent"] { self.consent = try ConsentPolicy(json: consent) }
        if let encryption = o["encryption"] { self.encryption = try EncryptionPolicy(json: encryption) }
    }
}

extension PrivacyPolicy {
    /// SHA-256 (hex) of a policy file's bytes: what the audit log records when a server starts
    /// with it, so a change of policy shows as a new digest.
    public static func digest(of bytes: [UInt8]) -> String {
        Hex.encode(Array(SHA256.hash(data: bytes)))
    }
}

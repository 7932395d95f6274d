/// What a rule does with what it finds.
public enum RedactionMode: String, Sendable, Hashable, CaseIterable {
    /// Replaced by `[REDACTED:rule]`.
    case mask
    /// Replaced by `[HASH:rule:…]`, a keyed HMAC-SHA256 (16 hex digits): the same value gives
    /// the same hash everywhere, so it stays joinable, and without the key it cannot be read back.
    case hash
    /// The field that holds it is left out.
    case drop
    /// Left as it is: the rule is off.
    case allow
}

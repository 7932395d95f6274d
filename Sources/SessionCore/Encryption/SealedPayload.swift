#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A payload column as stored with encryption on: `$sd1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`.
///
/// Stored JSON never starts with `$`, so a column tells by its first byte whether it is sealed;
/// a store that turned encryption on later reads its older plain rows as they are. The
/// authenticated data names the column's place (session, field, seq): a sealed value copied
/// into another row or field does not open.
public enum SealedPayload {
    static let prefix = "$sd1:"

    /// Whether `text` is a sealed payload rather than JSON.
    public static func isSealed(_ text: String) -> Bool {
        text.utf8.first == UInt8(ascii: "$")
    }

    /// The id of the data key `text` is sealed under.
    ///
    /// - Throws: `invalid_argument` if `text` starts like a sealed payload but is not one.
    public static func keyID(of text: String) throws(SessionError) -> String {
        try parse(text).keyID
    }

    /// `plaintext` sealed under `key` (whose data key is `keyID`) for the place `aad` names; `nonce` is 12 random bytes.
    public static func seal(_ plaintext: String, key: PayloadKey, keyID: String, nonce: [UInt8], aad: String) throws(SessionError) -> String {
        let combined = try AESGCM.seal(Array(plaintext.utf8), key: key.key, nonce: nonce, aad: aad)
        return prefix + keyID + ":" + Data(combined).base64EncodedString()
    }

    /// The plaintext of `text`.
    ///
    /// - Throws: `invalid_argument` when it is not a sealed payload, or does not open under `key`
    ///   for `aad` (tampered, or moved from another place).
    public static func open(_ text: String, key: PayloadKey, aad: String) throws(SessionError) -> String {
        let combined = try parse(text).combined
        let bytes = try AESGCM.open(combined, key: key.key, aad: aad, what: "a sealed payload")
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func parse(_ text: String) throws(SessionError) -> (keyID: String, combined: [UInt8]) {
        guard text.hasPrefix(prefix) else { throw SessionError(.invalidArgument, "not a sealed payload") }
        let rest = text.utf8.dropFirst(prefix.utf8.count)
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")), colon > rest.startIndex,
            let combined = Data(base64Encoded: String(decoding: rest[rest.index(after: colon)...], as: UTF8.self))
        else { throw SessionError(.invalidArgument, "a sealed payload is malformed") }
        return (String(decoding: rest[..<colon], as: UTF8.self), Array(combined))
    }
}

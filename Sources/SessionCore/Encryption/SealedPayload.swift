#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A payload column as stored with encryption on: nonce ‖ ciphertext ‖ tag after a header
/// naming the data key, as text `$sd1:<key id>:<base64>` where the column holds text
/// (PostgreSQL's `text` columns, archives) or as bytes `$sd1b:<key id>:<raw>` where it holds
/// bytes (SQLite stores a BLOB: a third smaller, no encoding).
///
/// Stored JSON never starts with `$`, so a column tells by its first byte whether it is sealed;
/// a store that turned encryption on later reads its older plain rows as they are. The
/// authenticated data names the column's place (session, field, seq): a sealed value copied
/// into another row or field does not open.
public enum SealedPayload {
    static let prefix = Array("$sd1:".utf8)
    static let bytesPrefix = Array("$sd1b:".utf8)

    /// Whether `text` is a sealed payload rather than JSON.
    public static func isSealed(_ text: String) -> Bool {
        text.utf8.first == UInt8(ascii: "$")
    }

    /// The id of the data key a sealed payload (either form) is sealed under.
    ///
    /// - Throws: `invalid_argument` if it starts like a sealed payload but is not one.
    public static func keyID(of sealed: some Collection<UInt8>) throws(SessionError) -> String {
        try parse(sealed).keyID
    }

    /// `plaintext` sealed under `key` (whose data key is `keyID`) for the place `aad` names, as
    /// bytes; `nonce` is 12 random bytes.
    public static func sealBytes(_ plaintext: String, key: PayloadKey, keyID: String, nonce: [UInt8], aad: String) throws(SessionError) -> [UInt8] {
        var out = bytesPrefix
        out.reserveCapacity(bytesPrefix.count + keyID.utf8.count + 1 + AESGCM.nonceBytes + plaintext.utf8.count + AESGCM.tagBytes)
        out.append(contentsOf: keyID.utf8)
        out.append(UInt8(ascii: ":"))
        try AESGCM.seal(plaintext, key: key.key, nonce: nonce, aad: aad, into: &out)
        return out
    }

    /// ``sealBytes(_:key:keyID:nonce:aad:)`` as text, the sealed bytes in base64.
    public static func seal(_ plaintext: String, key: PayloadKey, keyID: String, nonce: [UInt8], aad: String) throws(SessionError) -> String {
        var combined: [UInt8] = []
        combined.reserveCapacity(AESGCM.nonceBytes + plaintext.utf8.count + AESGCM.tagBytes)
        try AESGCM.seal(plaintext, key: key.key, nonce: nonce, aad: aad, into: &combined)
        return String(decoding: prefix, as: UTF8.self) + keyID + ":" + Data(combined).base64EncodedString()
    }

    /// The plaintext of a sealed payload in either form.
    ///
    /// - Throws: `invalid_argument` when it is not a sealed payload, or does not open under `key`
    ///   for `aad` (tampered, or moved from another place).
    public static func open(_ sealed: [UInt8], key: PayloadKey, aad: String) throws(SessionError) -> String {
        let (_, body, raw) = try parse(sealed)
        let combined: ArraySlice<UInt8>
        if raw {
            combined = body
        } else if let decoded = Data(base64Encoded: String(decoding: body, as: UTF8.self)) {
            combined = Array(decoded)[...]
        } else {
            throw SessionError(.invalidArgument, "a sealed payload is malformed")
        }
        return String(decoding: try AESGCM.openData(combined, key: key.key, aad: aad, what: "a sealed payload"), as: UTF8.self)
    }

    /// `open` of the text form.
    public static func open(_ text: String, key: PayloadKey, aad: String) throws(SessionError) -> String {
        try open(Array(text.utf8), key: key, aad: aad)
    }

    /// `keyID(of:)` of the text form.
    public static func keyID(of text: String) throws(SessionError) -> String {
        try keyID(of: Array(text.utf8))
    }

    private static func parse<C: Collection<UInt8>>(_ sealed: C) throws(SessionError) -> (keyID: String, body: C.SubSequence, raw: Bool) {
        let raw = sealed.starts(with: bytesPrefix)
        guard raw || sealed.starts(with: prefix) else { throw SessionError(.invalidArgument, "not a sealed payload") }
        let rest = sealed.dropFirst(raw ? bytesPrefix.count : prefix.count)
        guard let colon = rest.prefix(64).firstIndex(of: UInt8(ascii: ":")), colon != rest.startIndex else {
            throw SessionError(.invalidArgument, "a sealed payload is malformed")
        }
        return (String(decoding: rest[..<colon], as: UTF8.self), rest[rest.index(after: colon)...], raw)
    }
}

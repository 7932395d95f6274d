internal import Crypto

/// The key that wraps every user's ``DataKey``: 32 bytes, written as 64 hex digits (what
/// `openssl rand -hex 32` prints), read from a file or an environment variable and never stored
/// beside the data.
///
/// Wrapping is AES-256-GCM, authenticated with the data key's id and user, so a wrapped key
/// copied onto another user's row does not open.
// swift-crypto does not mark `SymmetricKey` Sendable on Linux; it is an immutable value whose
// storage is never written after it is made.
public struct MasterKey: @unchecked Sendable {
    let key: SymmetricKey

    /// Reads 64 hex digits (surrounding whitespace and a final newline allowed).
    ///
    /// - Throws: `invalid_argument` for anything else, without echoing the text.
    public init(hex text: String) throws(SessionError) {
        let digits = text.trimmingASCIIWhitespace()
        guard digits.utf8.count == 64, let bytes = Hex.decode(digits) else {
            throw SessionError(.invalidArgument, "a master key is 64 hex digits (openssl rand -hex 32)")
        }
        key = SymmetricKey(data: bytes)
    }

    /// `dataKey` sealed for the keyring; `nonce` is 12 random bytes.
    public func wrap(_ dataKey: DataKey, id: String, user: String, nonce: [UInt8]) throws(SessionError) -> [UInt8] {
        try AESGCM.seal(dataKey.bytes, key: key, nonce: nonce, aad: Self.aad(id: id, user: user))
    }

    /// The data key `wrap` sealed.
    ///
    /// - Throws: `invalid_argument` when the bytes do not open under this master key (the wrong
    ///   master key, or a wrapped key moved to another id or user).
    public func unwrap(_ wrapped: [UInt8], id: String, user: String) throws(SessionError) -> DataKey {
        let bytes = try AESGCM.open(wrapped, key: key, aad: Self.aad(id: id, user: user), what: "data key \(id)")
        return try DataKey(bytes: bytes)
    }

    /// A value a keyring keeps to tell, when it opens, whether it is given the master key it was made with.
    public func verifier(nonce: [UInt8]) throws(SessionError) -> [UInt8] {
        try AESGCM.seal(Array(Self.verifierText.utf8), key: key, nonce: nonce, aad: Self.verifierText)
    }

    /// Whether `verifier` was made by this master key.
    public func verifies(_ verifier: [UInt8]) -> Bool {
        (try? AESGCM.open(verifier, key: key, aad: Self.verifierText, what: "verifier")) == Array(Self.verifierText.utf8)
    }

    private static let verifierText = "sessiond keyring v1"

    private static func aad(id: String, user: String) -> String { "sessiond data key v1\u{0}\(id)\u{0}\(user)" }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

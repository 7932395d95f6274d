internal import Crypto

/// An API token as stored: never the token text itself, only its SHA-256 hash.
public struct APIToken: Sendable, Hashable, JSONCodable {
    /// Stable id, shown by `token ls` and used to revoke.
    public var id: String
    /// A label for people.
    public var name: String
    public var role: AccessRole
    /// The user the token is bound to: it sees only that user's sessions (unless admin).
    public var userID: String?
    /// Lowercase hex SHA-256 of the token text; never in ``json``, empty when read from it.
    public var hash: String = ""
    public var createdAt: Timestamp
    public var revokedAt: Timestamp?

    public init(
        id: String, name: String, role: AccessRole, userID: String?, hash: String, createdAt: Timestamp, revokedAt: Timestamp? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.userID = userID
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Whether the token is still accepted.
    public var isActive: Bool { revokedAt == nil }

    /// The prefix of every token text.
    public static let prefix = "sd_"

    /// A new token: its text (to show once) and the record to store.
    ///
    /// - Parameters:
    ///   - id: the record's id (a UUIDv7 from the caller's ``IDSource``, say).
    ///   - now: creation time.
    ///   - random: where the 32 secret bytes come from; the system CSPRNG by default.
    public static func generate(
        id: String, name: String, role: AccessRole, userID: String?, now: Timestamp,
        using random: inout some RandomNumberGenerator
    ) -> (text: String, token: APIToken) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            let word = random.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        let text = prefix + Hex.encode(bytes)
        return (text, APIToken(id: id, name: name, role: role, userID: userID, hash: hash(of: text), createdAt: now))
    }

    /// A new token with secret bytes from `SystemRandomNumberGenerator`.
    public static func generate(id: String, name: String, role: AccessRole, userID: String?, now: Timestamp) -> (text: String, token: APIToken) {
        var system = SystemRandomNumberGenerator()
        return generate(id: id, name: name, role: role, userID: userID, now: now, using: &system)
    }

    /// Lowercase hex SHA-256 of a presented token text: what is stored and looked up.
    public static func hash(of text: String) -> String {
        Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }

    /// Whether `text` has the shape of a token (prefix and 64 hex digits); checked before hashing.
    public static func isWellFormed(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == prefix.utf8.count + 64, text.hasPrefix(prefix) else { return false }
        return utf8.dropFirst(prefix.utf8.count).allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The token as JSON, for `token ls --json` and the like: never the hash.
    enum CodingKeys: String, CodingKey {
        case id, name, role, userID = "user_id", createdAt = "created_at", revokedAt = "revoked_at"
    }
}

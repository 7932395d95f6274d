#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body of `POST /v1/tokens`, and what `sessiond token create` asks for:
/// `{"role": "reader|writer|operator|admin", "user_id": …, "name": …}`.
public struct CreateTokenRequest: Sendable, Hashable {
    public var role: AccessRole
    /// Bind the token to this user: it reaches only that user's sessions (unless admin).
    public var userID: String?
    /// A label for people; `ROLE token` if not given.
    public var name: String?

    /// Longest user id or name, in UTF-8 bytes.
    public static let maxTextBytes = 256

    public init(role: AccessRole, userID: String? = nil, name: String? = nil) {
        self.role = role
        self.userID = userID
        self.name = name
    }

    /// Throws `invalid_argument` for an empty or overlong user id or name.
    public func validate() throws(SessionError) {
        for (field, value) in [("user_id", userID), ("name", name)] {
            guard let value else { continue }
            guard !value.isEmpty, value.utf8.count <= Self.maxTextBytes else {
                throw SessionError(.invalidArgument, "\(field) must be 1 to \(Self.maxTextBytes) bytes")
            }
        }
    }

    /// A new token for this request: its text (shown once) and the record to store, with a
    /// UUIDv7 id at `now` and secret bytes from the system CSPRNG.
    public func issue(now: Timestamp) -> IssuedToken {
        let (text, token) = APIToken.generate(
            id: UUID.v7(at: now).lowercased, name: name ?? "\(role.rawValue) token", role: role, userID: userID, now: now)
        return IssuedToken(text: text, token: token)
    }

    /// The role named `text`; `invalid_argument` otherwise.
    package static func role(_ text: String) throws(SessionError) -> AccessRole {
        guard let role = AccessRole(rawValue: text) else {
            throw SessionError(.invalidArgument, "role must be one of reader, writer, operator, admin")
        }
        return role
    }
}

extension CreateTokenRequest: JSONCodable {
    enum CodingKeys: String, CodingKey {
        case role, name
        case userID = "user_id"
    }

    /// Reads the body; unknown keys, a missing or unknown role, and an empty or overlong user
    /// or name are `invalid_argument`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            role: try Self.role(c.decode(String.self, forKey: .role)), userID: try c.decodeIfPresent(String.self, forKey: .userID),
            name: try c.decodeIfPresent(String.self, forKey: .name))
        try validate()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role.rawValue, forKey: .role)
        try c.encodeIfPresent(userID, forKey: .userID)
        try c.encodeIfPresent(name, forKey: .name)
    }
}

/// A token just created: the only time its text exists outside the caller's hands.
///
/// The answer of `POST /v1/tokens` and of `sessiond token create --json`: the token's
/// ``APIToken/json`` with `"token": "sd_…"` added.
public struct IssuedToken: Sendable, Hashable {
    /// The token text, `sd_` and 64 hex digits: store it now, it is never shown again.
    public var text: String
    /// The stored record (its ``APIToken/hash`` is the SHA-256 of ``text``).
    public var token: APIToken

    public init(text: String, token: APIToken) {
        self.text = text
        self.token = token
    }
}

extension IssuedToken: JSONCodable {
    enum CodingKeys: String, CodingKey {
        case text = "token"
    }

    /// Reads what ``JSONEncodable/json`` writes; the hash is computed from the text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .text)
        guard APIToken.isWellFormed(text) else { throw SessionError(.invalidArgument, "an issued token needs its token text") }
        var token = try APIToken(from: decoder)
        token.hash = APIToken.hash(of: text)
        self.init(text: text, token: token)
    }

    /// The token's fields with `"token": "sd_…"` beside them.
    public func encode(to encoder: any Encoder) throws {
        try token.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
    }
}

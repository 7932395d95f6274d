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

    public var json: JSONValue {
        guard case .object(var o) = token.json else { return token.json }
        o["token"] = .string(text)
        return .object(o)
    }

    /// Reads what ``json`` writes; the hash is computed from the text.
    public init(json: JSONValue) throws(SessionError) {
        guard let text = json["token"]?.stringValue, APIToken.isWellFormed(text) else {
            throw SessionError(.invalidArgument, "an issued token needs its token text")
        }
        var token = try APIToken(json: json)
        token.hash = APIToken.hash(of: text)
        self.init(text: text, token: token)
    }
}

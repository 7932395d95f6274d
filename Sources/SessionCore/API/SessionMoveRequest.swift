/// The body of `POST /v1/sessions/{id}/suspend|resume|end|fail|terminate|start`:
/// `{"reason": …}`, or nothing at all.
public struct SessionMoveRequest: Sendable, Hashable {
    /// Why, recorded on the `session.state_changed` event (after redaction).
    public var reason: String?

    public init(reason: String? = nil) {
        self.reason = reason
    }
}

extension SessionMoveRequest: JSONCodable, EmptyBodyDecodable {
    enum CodingKeys: String, CodingKey {
        case reason
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        self.init(reason: try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}

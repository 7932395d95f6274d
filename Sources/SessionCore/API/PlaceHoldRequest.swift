/// The body of `POST /v1/holds`: `{"scope": "session|tree|user", "target": …, "reason": …}`.
public struct PlaceHoldRequest: Sendable, Hashable {
    public var scope: LegalHold.Scope
    /// A session id for `session` and `tree` (a tree hold goes on that session's root), a user id for `user`.
    public var target: String
    /// Why: kept with the hold and in the audit log.
    public var reason: String

    public init(scope: LegalHold.Scope = .session, target: String, reason: String) {
        self.scope = scope
        self.target = target
        self.reason = reason
    }
}

extension PlaceHoldRequest: JSONCodable {
    enum CodingKeys: String, CodingKey {
        case scope, target, reason
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            scope: try c.decodeIfPresent(LegalHold.Scope.self, forKey: .scope) ?? .session, target: try c.decode(String.self, forKey: .target),
            reason: try c.decode(String.self, forKey: .reason))
    }
}

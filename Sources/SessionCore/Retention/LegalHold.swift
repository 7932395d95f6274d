/// A legal hold: while it is in force, retention does not archive and erasure does not delete
/// the sessions it covers.
public struct LegalHold: Sendable, Hashable, JSONCodable {
    /// What a hold covers.
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        /// One session.
        case session
        /// A whole tree: the target is its root, and every session whose `root_id` it is.
        case tree
        /// Every session of a user.
        case user
    }

    public var scope: Scope
    /// A session id (lowercase) for `session` and `tree`, a user id for `user`.
    public var target: String
    public var reason: String
    /// The audit log's actor who placed it.
    public var placedBy: String
    public var placedAt: Timestamp

    public init(scope: Scope, target: String, reason: String, placedBy: String, placedAt: Timestamp) {
        self.scope = scope
        self.target = target
        self.reason = reason
        self.placedBy = placedBy
        self.placedAt = placedAt
    }

    enum CodingKeys: String, CodingKey {
        case scope, target, reason
        case placedBy = "placed_by"
        case placedAt = "placed_at"
    }

    /// Whether the hold covers `session`.
    public func covers(_ session: Session) -> Bool {
        switch scope {
        case .session: return target == session.id.lowercased
        case .tree: return target == session.rootID.lowercased
        case .user: return session.userID == target
        }
    }
}

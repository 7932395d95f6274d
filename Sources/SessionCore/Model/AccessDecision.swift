/// The answer to "may this token do that to data owned by that user?": a pure rule, tested as a table.
public enum AccessDecision: Sendable, Hashable {
    /// Go ahead.
    case allow
    /// Go ahead, and audit it: an admin acting on another user's data.
    case override
    /// Out of the token's reach: answer as if it did not exist (HTTP 404, never 403, so a
    /// user-bound token cannot probe for other users' sessions).
    case notFound
    /// In reach, but the role may not do this (HTTP 403).
    case forbidden

    /// Whether the request may proceed.
    public var isAllowed: Bool { self == .allow || self == .override }

    /// Decides an action on data owned by `owner` (a session's `user_id`, or the user of an
    /// export or erasure; `nil` for a session without a user).
    ///
    /// - A token bound to a user (non-admin) reaches only data owned by that user; data of other
    ///   users and sessions without a user are ``notFound``.
    /// - A token bound to no user (non-admin, a service token) reaches every session, but no user's
    ///   export or erasure (``forbidden``: it has no own user).
    /// - An admin reaches everything; acting on data owned by a user other than its own is an ``override``.
    /// - Within reach, the role decides (``AccessRole/allows(_:)``), else ``forbidden``.
    ///
    /// - Parameters:
    ///   - role: the token's role.
    ///   - tokenUser: the user the token is bound to, if any.
    ///   - action: `read`, `write`, `terminate` on a session; `exportOwnData`, `eraseOwnData` on a user.
    ///   - owner: the user owning the data.
    public static func decide(role: AccessRole, tokenUser: String?, action: AccessAction, owner: String?) -> AccessDecision {
        let userScoped = action == .exportOwnData || action == .eraseOwnData
        if role.actsForAnyone {
            if let owner, owner != tokenUser { return .override }
            return .allow
        }
        if let tokenUser {
            guard owner == tokenUser else { return .notFound }
        } else if userScoped {
            return .forbidden
        }
        return role.allows(action) ? .allow : .forbidden
    }
}

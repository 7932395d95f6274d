/// One line of the audit log: who did what, when, to what, and why.
public struct AuditEntry: Sendable, Hashable, JSONCodable {
    /// Assigned by the store, increasing; 0 before it is stored.
    public var id: Int64
    public var time: Timestamp
    /// `token:ID` for a token, `cli` for the command line, `anonymous` in open mode.
    public var actor: String
    /// Dotted, e.g. `session.read`, `session.override`, `user.export`, `user.erase`, `token.create`.
    public var action: String
    /// What was acted on, e.g. `session:ID`, `user:ID`, `token:ID`.
    public var target: String?
    /// Anything else worth keeping (the reason given, the user acted for, counts), as a JSON object.
    public var details: JSONValue
    /// Its link in the ``AuditChain``, set by the store; `nil` before it is stored, and for
    /// entries written before the chain existed.
    public var hash: String?

    public init(
        id: Int64 = 0, time: Timestamp, actor: String, action: String, target: String?, details: JSONValue = .emptyObject, hash: String? = nil
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
        self.hash = hash
    }

    /// `{id, time, actor, action, target, details, hash}`.
    enum CodingKeys: String, CodingKey {
        case id, time, actor, action, target, details, hash
    }
}

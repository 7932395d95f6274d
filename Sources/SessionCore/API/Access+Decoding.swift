extension APIToken {
    /// Reads a token as ``json`` writes it. The API never sends the hash: it is empty.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a token")
        guard let id = try o.string("id"), let roleText = try o.string("role"), let createdAt = try o.time("created_at") else {
            throw SessionError(.invalidArgument, "a token needs id, role and created_at")
        }
        self.init(
            id: id, name: try o.string("name") ?? "", role: try CreateTokenRequest.role(roleText), userID: try o.string("user_id"),
            hash: "", createdAt: createdAt, revokedAt: try o.time("revoked_at"))
    }

    /// What the audit log records of a token it creates: its `role` and `user`.
    package var auditDetails: [String: JSONValue] {
        ["role": .string(role.rawValue), "user": userID.map(JSONValue.string) ?? .null]
    }
}

extension AuditEntry {
    /// Reads an entry as ``json`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "an audit entry")
        guard let id = try o.int("id"), let time = try o.time("time"), let actor = try o.string("actor"), let action = try o.string("action")
        else { throw SessionError(.invalidArgument, "an audit entry needs id, time, actor and action") }
        self.init(id: id, time: time, actor: actor, action: action, target: try o.string("target"), details: o["details"] ?? .emptyObject)
    }
}

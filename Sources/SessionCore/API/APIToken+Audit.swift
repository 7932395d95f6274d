extension APIToken {
    /// What the audit log records of a token it creates: its `role` and `user`.
    package var auditDetails: [String: JSONValue] {
        ["role": .string(role.rawValue), "user": userID.map(JSONValue.string) ?? .null]
    }
}

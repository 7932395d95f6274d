extension SessionSnapshot {
    /// `{"session_id", "seq", "state", "created_at"}`, as exports and archives write it.
    public var json: JSONValue {
        ["session_id": .string(sessionID.lowercased), "seq": .int(seq), "state": state, "created_at": .string(createdAt.iso8601)]
    }

    /// Reads a snapshot as ``json`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a snapshot")
        guard let sessionID = try o.uuid("session_id"), let seq = try o.int("seq"), let createdAt = try o.time("created_at") else {
            throw SessionError(.invalidArgument, "a snapshot needs session_id, seq and created_at")
        }
        self.init(sessionID: sessionID, seq: seq, state: o["state"] ?? .emptyObject, createdAt: createdAt)
    }
}

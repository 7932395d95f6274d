extension SessionArchive {
    /// The archive with its payloads sealed: event `data`, `state_delta` and `inverse_delta`,
    /// the session's `state` and each snapshot's, each replaced by the string `seal` makes of
    /// its JSON text for its ``PayloadField``.
    public func sealed(_ seal: (_ text: String, _ field: String) throws -> String) rethrows -> SessionArchive {
        guard !isSealed else { return self }
        var copy = try mapPayloads { value, field in .string(try seal(JSONWriter.string(value), field)) }
        copy.isSealed = true
        return copy
    }

    /// The archive with the payloads ``sealed(_:)`` sealed opened again by `open` (which
    /// returns `nil` for a payload sealed under a destroyed key).
    ///
    /// - Throws: `not_archived` when a payload's key is destroyed (the archive is erased) or a
    ///   sealed payload is not a string of JSON; whatever `open` throws.
    public func opened(_ open: (_ text: String, _ field: String) throws -> String?) throws -> SessionArchive {
        guard isSealed else { return self }
        var copy = try mapPayloads { value, field in
            guard case .string(let text) = value else { throw SessionError(.notArchived, "the archive's \(field) is not sealed") }
            guard let plain = try open(text, field) else {
                throw SessionError(.notArchived, "the archive is sealed under a destroyed key: its user was erased")
            }
            do { return try JSONParser.parse(plain) } catch {
                throw SessionError(.notArchived, "the archive's \(field) is not JSON once opened")
            }
        }
        copy.isSealed = false
        return copy
    }

    /// The archive with every payload replaced by `transform` of it and its ``PayloadField``.
    private func mapPayloads(_ transform: (JSONValue, String) throws -> JSONValue) rethrows -> SessionArchive {
        var copy = self
        copy.session.state = try transform(session.state, PayloadField.state)
        for index in copy.events.indices {
            let e = events[index]
            copy.events[index].data = try transform(e.data, PayloadField.data(e.seq))
            copy.events[index].stateDelta = try e.stateDelta.map { try transform($0, PayloadField.stateDelta(e.seq)) }
            copy.events[index].inverseDelta = try e.inverseDelta.map { try transform($0, PayloadField.inverseDelta(e.seq)) }
        }
        for index in copy.snapshots.indices {
            copy.snapshots[index].state = try transform(snapshots[index].state, PayloadField.snapshot(snapshots[index].seq))
        }
        return copy
    }
}

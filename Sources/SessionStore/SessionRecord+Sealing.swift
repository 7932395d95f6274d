#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif
package import SessionCore

extension SessionRecord {
    /// The record with its `state` sealed by `cipher`; unchanged without one.
    package func sealed(_ cipher: PayloadCipher?) throws -> SessionRecord {
        guard let cipher else { return self }
        var record = self
        record.state = try cipher.seal(state, user: userID, sessionID: id, field: PayloadField.state)
        return record
    }

    /// The session, its `state` opened by `cipher`: `{}` when it was sealed under a destroyed key.
    package func session(opening cipher: PayloadCipher?) throws -> Session {
        guard SealedPayload.isSealed(state) else { return try session() }
        guard let cipher else { throw PayloadCipher.missing("session \(id.lowercased)") }
        var record = self
        record.state = try cipher.open(state, sessionID: id, field: PayloadField.state) ?? "{}"
        return try record.session()
    }
}

extension EventRecord {
    /// The record with `data`, `state_delta` and `inverse_delta` sealed under the key of `user`; unchanged without a cipher.
    package func sealed(_ cipher: PayloadCipher?, user: String?) throws -> EventRecord {
        guard let cipher else { return self }
        var record = self
        record.data = try cipher.seal(data, user: user, sessionID: sessionID, field: PayloadField.data(seq))
        record.stateDelta = try cipher.seal(stateDelta, user: user, sessionID: sessionID, field: PayloadField.stateDelta(seq))
        record.inverseDelta = try cipher.seal(inverseDelta, user: user, sessionID: sessionID, field: PayloadField.inverseDelta(seq))
        return record
    }

    /// The event, its payload opened by `cipher`. A payload sealed under a destroyed key reads
    /// as `null` data without deltas, and the event's redactions name `data` as `erased`.
    package func event(opening cipher: PayloadCipher?) throws -> SessionEvent {
        guard SealedPayload.isSealed(data) || stateDelta.map(SealedPayload.isSealed) == true else { return try event() }
        guard let cipher else { throw PayloadCipher.missing("event \(seq) of session \(sessionID.lowercased)") }
        var record = self
        guard let data = try cipher.open(data, sessionID: sessionID, field: PayloadField.data(seq)) else {
            record.data = "null"
            record.stateDelta = nil
            record.inverseDelta = nil
            record.erased = true
            return try record.event()
        }
        record.data = data
        record.stateDelta = try stateDelta.flatMap { try cipher.open($0, sessionID: sessionID, field: PayloadField.stateDelta(seq)) }
        record.inverseDelta = try inverseDelta.flatMap { try cipher.open($0, sessionID: sessionID, field: PayloadField.inverseDelta(seq)) }
        return try record.event()
    }
}

extension SessionSnapshot {
    /// The `state` column's text, sealed under the key of `user` when there is a cipher.
    package func stateText(_ cipher: PayloadCipher?, user: String?) throws -> String {
        let text = JSONWriter.string(state)
        guard let cipher else { return text }
        return try cipher.seal(text, user: user, sessionID: sessionID, field: PayloadField.snapshot(seq))
    }

    /// A snapshot read from its columns: `{}` when it was sealed under a destroyed key.
    package init(sessionID: UUID, seq: Int64, stateText text: String, createdAt: Int64, opening cipher: PayloadCipher?) throws {
        var plain = text
        if SealedPayload.isSealed(text) {
            guard let cipher else { throw PayloadCipher.missing("snapshot \(seq) of session \(sessionID.lowercased)") }
            plain = try cipher.open(text, sessionID: sessionID, field: PayloadField.snapshot(seq)) ?? "{}"
        }
        do {
            self.init(sessionID: sessionID, seq: seq, state: try JSONParser.parse(plain), createdAt: Timestamp(milliseconds: createdAt))
        } catch {
            throw SessionStoreError(.corrupted, "snapshot \(seq) of session \(sessionID.lowercased) has unreadable JSON", underlying: error)
        }
    }
}

extension PayloadCipher {
    /// The error of reading a sealed payload from a store opened without a cipher.
    package static func missing(_ what: String) -> SessionStoreError {
        SessionStoreError(.corrupted, "\(what) is encrypted: open the store with the policy's encryption section and its master key")
    }
}

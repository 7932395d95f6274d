import SessionCore
import SessionStore

extension SessionManager {
    /// `record` with its payloads sealed as the store seals them (``Configuration/cipher``); unchanged without encryption.
    func sealedForArchive(_ record: SessionArchive) throws -> SessionArchive {
        guard let cipher = configuration.cipher else { return record }
        let session = record.session
        return try record.sealed { text, field in try cipher.seal(text, user: session.userID, sessionID: session.id, field: field) }
    }

    /// `record` as read from an archive, its payloads opened.
    ///
    /// - Throws: `not_archived` when it is sealed and this engine has no cipher, or its user's keys are destroyed.
    func openedFromArchive(_ record: SessionArchive) throws -> SessionArchive {
        guard record.isSealed else { return record }
        guard let cipher = configuration.cipher else {
            throw SessionError(.notArchived, "the archive of session \(record.session.id.lowercased) is encrypted: use the policy's encryption section")
        }
        let id = record.session.id
        return try record.opened { text, field in try cipher.open(text, sessionID: id, field: field) }
    }
}

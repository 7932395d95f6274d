public import SessionCore

/// Consent records, one per user. Both backends conform.
public protocol ConsentStore: Sendable {
    /// Stores `record`, replacing the user's earlier one.
    func setConsent(_ record: ConsentRecord) async throws

    /// The user's record, if one was set.
    func consent(userID: String) async throws -> ConsentRecord?
}

public import SessionCore
import SessionStore

extension SessionManager {
    /// Records `user`'s consent, audited as `consent.set` by `actor`; it applies to every write
    /// from then on (not to what is stored already).
    @discardableResult
    public func setConsent(user: String, categories: Set<ConsentCategory>, policyVersion: String?, actor: String) async throws -> ConsentRecord {
        guard !user.isEmpty, user.utf8.count <= 256 else { throw SessionError(.invalidArgument, "user must be 1 to 256 bytes") }
        let record = ConsentRecord(userID: user, categories: categories, policyVersion: policyVersion, updatedAt: clock.now(), updatedBy: actor)
        try await store.setConsent(record)
        var details: [String: JSONValue] = ["categories": .array(record.categories.map { .string($0.rawValue) })]
        details["policy_version"] = policyVersion.map(JSONValue.string)
        _ = try await store.appendAudit(AuditEntry(time: record.updatedAt, actor: actor, action: "consent.set", target: "user:\(user)", details: .object(details)))
        return record
    }

    /// What the consent policy takes from writes of `userID`; `nil` when it takes nothing.
    func consentFilter(userID: String?) async throws -> ConsentFilter? {
        guard let policy = configuration.consent else { return nil }
        let record = try await userID.asyncFlatMap { try await store.consent(userID: $0) }
        let filter = ConsentFilter(categories: policy.categories(record), minimal: policy.minimal)
        return filter.keepsEverything ? nil : filter
    }
}

extension Optional {
    fileprivate func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

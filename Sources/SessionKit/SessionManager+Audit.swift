public import SessionCore
import SessionStore

extension SessionManager {
    /// Recomputes the audit log's chain, page by page, and reports the first broken link.
    public func verifyAudit() async throws -> AuditChain.Verification {
        var state = AuditChain.Verification()
        var after: Int64 = 0
        while true {
            let page = try await store.audit(after: after, limit: 1000)
            state = AuditChain.verify(page, after: state)
            guard state.isIntact, let last = page.last, page.count == 1000 else { return state }
            after = last.id
        }
    }
}

/// A page of the audit log, oldest first: the answer of `GET /v1/audit`,
/// `{"entries": [...], "next_after": ...}`.
public struct AuditPage: Sendable, Hashable, JSONCodable {
    public var entries: [AuditEntry]
    /// Pass as `after` for the next page; `nil` when the page was not full.
    public var nextAfter: Int64?

    public init(entries: [AuditEntry], nextAfter: Int64?) {
        self.entries = entries
        self.nextAfter = nextAfter
    }

    /// A page read with `limit`: a full page may have a next one, after its last entry.
    public init(entries: [AuditEntry], limit: Int) {
        self.init(entries: entries, nextAfter: entries.count == limit ? entries.last?.id : nil)
    }

    enum CodingKeys: String, CodingKey {
        case entries, nextAfter = "next_after"
    }
}

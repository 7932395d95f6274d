public import SessionCore

/// What one retention run did (or, dry, would do).
public struct RetentionReport: Sendable, Hashable, JSONCodable {
    /// Sessions archived (or due, in a dry run), by the status they ended in.
    public var archived: [String: Int] = [:]
    /// Events moved out of the hot tables.
    public var events: Int = 0
    /// Sessions skipped because a legal hold now covers them, or they changed meanwhile.
    public var skipped: Int = 0
    /// Sessions purged from the trash for good (never in a dry run).
    public var purged: Int = 0
    public var dryRun: Bool

    public init(dryRun: Bool) {
        self.dryRun = dryRun
    }

    /// Sessions archived in all.
    public var total: Int { archived.values.reduce(0, +) }

    enum CodingKeys: String, CodingKey {
        case archived, events, skipped, purged
        case dryRun = "dry_run"
    }
}

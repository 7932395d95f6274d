/// What an API token may do: one of four roles, each including the one below it.
///
/// | role | may |
/// |---|---|
/// | `reader` | read sessions, events, state, trees, metrics |
/// | `writer` | also create sessions, append, heartbeat, start/suspend/resume/end/fail, recover, undo/redo |
/// | `operator` | also terminate |
/// | `admin` | also export and erase any user's data, manage tokens, and act for any user |
///
/// A token bound to a user (``APIToken/userID``) is confined to that user's sessions whatever
/// its role, except `admin`, which may act for anyone (each such override is audited).
public enum AccessRole: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case reader
    case writer
    case `operator`
    case admin

    /// The roles from least to most powerful.
    private var rank: Int {
        switch self {
        case .reader: 0
        case .writer: 1
        case .operator: 2
        case .admin: 3
        }
    }

    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool { lhs.rank < rhs.rank }

    /// The least role that may perform `action`.
    public static func minimum(for action: AccessAction) -> AccessRole {
        switch action {
        case .read, .exportOwnData: .reader
        case .write: .writer
        case .terminate, .eraseOwnData: .operator
        case .actForOthers, .manageTokens, .readAudit, .manageHolds, .manageTrash: .admin
        }
    }

    /// Whether this role may perform `action`.
    public func allows(_ action: AccessAction) -> Bool { self >= Self.minimum(for: action) }

    /// Whether this role may act on data of users other than its token's own.
    public var actsForAnyone: Bool { allows(.actForOthers) }
}

/// Something a request does, checked against an ``AccessRole``.
public enum AccessAction: String, Sendable, Hashable, CaseIterable {
    /// Read session data: a session, its events, state, tree, metrics, the list.
    case read
    /// Create, append, heartbeat, start, suspend, resume, end, fail, recover, undo, redo.
    case write
    /// Terminate a session (an administrative end).
    case terminate
    /// Export the data of the token's own user.
    case exportOwnData = "export_own_data"
    /// Erase the data of the token's own user.
    case eraseOwnData = "erase_own_data"
    /// Act on another user's data (read, write, export, erase): an audited override.
    case actForOthers = "act_for_others"
    /// Create, list and revoke tokens.
    case manageTokens = "manage_tokens"
    /// Read the audit log.
    case readAudit = "read_audit"
    /// Place, list and release legal holds.
    case manageHolds = "manage_holds"
    /// List the trash and restore erased users from it.
    case manageTrash = "manage_trash"
}

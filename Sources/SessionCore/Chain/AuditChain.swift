internal import Crypto

/// The audit log's tamper-evident chain: each entry's `hash` is SHA-256 over the previous
/// entry's hash and its own canonical form, so editing, deleting or reordering an entry breaks
/// every link after it (`sessiond audit verify`).
///
/// Entries written before the chain existed (no hash) may precede the first chained entry; an
/// unchained entry after it is a break. Removing the newest entries leaves a shorter valid
/// chain: compare the head hash with one kept elsewhere to notice that.
public enum AuditChain {
    /// The canonical form: sorted-key compact JSON of `action`, `actor`, `details`, `prev`,
    /// `target` (when given) and `time` (milliseconds). The store-assigned `id` is left out:
    /// order is what `prev` fixes.
    public static func canonicalForm(of entry: AuditEntry, previous: String) -> [UInt8] {
        var o: [String: JSONValue] = [
            "action": .string(entry.action), "actor": .string(entry.actor), "details": entry.details, "prev": .string(previous),
            "time": .int(entry.time.milliseconds),
        ]
        o["target"] = entry.target.map(JSONValue.string)
        return JSONWriter.bytes(.object(o))
    }

    /// The hash of `entry` after an entry whose hash is `previous` (``EventHash/genesis`` for the first).
    public static func hash(_ entry: AuditEntry, previous: String) -> String {
        Hex.encode(Array(SHA256.hash(data: canonicalForm(of: entry, previous: previous))))
    }

    /// What ``verify(_:after:)`` found.
    public struct Verification: Sendable, Hashable {
        /// Chained entries checked.
        public var checked: Int64
        /// The id of the first entry that does not fit, if any.
        public var firstBrokenID: Int64?
        public var problem: String?
        /// The hash the next entry must chain to; `nil` while no entry is chained.
        public var lastHash: String?

        public var isIntact: Bool { firstBrokenID == nil }

        public init(checked: Int64 = 0, firstBrokenID: Int64? = nil, problem: String? = nil, lastHash: String? = nil) {
            self.checked = checked
            self.firstBrokenID = firstBrokenID
            self.problem = problem
            self.lastHash = lastHash
        }
    }

    /// Checks `entries` (consecutive, oldest first) after a page that ended at `previous`.
    public static func verify(_ entries: [AuditEntry], after previous: Verification = Verification()) -> Verification {
        var state = previous
        for entry in entries where state.isIntact {
            guard let given = entry.hash else {
                if state.lastHash != nil { state.firstBrokenID = entry.id; state.problem = "an entry without a hash after chained ones" }
                continue
            }
            let expected = hash(entry, previous: state.lastHash ?? EventHash.genesis)
            guard given == expected else {
                state.firstBrokenID = entry.id
                state.problem = "hash does not match its content and link"
                break
            }
            state.lastHash = given
            state.checked += 1
        }
        return state
    }
}

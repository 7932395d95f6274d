import Synchronization

/// Keeps a label's values bounded: the first `limit` distinct values pass, later ones become
/// `other`, so a client inventing application names cannot blow up the metrics' cardinality.
final class BoundedLabel: Sendable {
    private let seen = Mutex<Set<String>>([])
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func value(_ raw: String) -> String {
        seen.withLock { seen in
            if seen.contains(raw) { return raw }
            guard seen.count < limit else { return "other" }
            seen.insert(raw)
            return raw
        }
    }
}

/// A count of sessions under a key, such as a user id, in ranked lists.
public struct AnalyticsCount: Sendable, Hashable, JSONCodable {
    /// The key; `(none)` for sessions without one.
    public var key: String
    public var sessions: Int64

    public init(key: String, sessions: Int64) {
        self.key = key
        self.sessions = sessions
    }

    /// The key used for sessions without a user or project.
    public static let noneKey = "(none)"

    /// `{"key", "sessions"}`.
    enum CodingKeys: String, CodingKey {
        case key, sessions
    }

    /// The `limit` largest counts of `counts` (most sessions first, then by key), and the sessions of the rest.
    static func top(_ counts: [String: Int64], limit: Int) -> (top: [AnalyticsCount], other: Int64) {
        let ranked = counts.map { AnalyticsCount(key: $0.key, sessions: $0.value) }.sorted {
            $0.sessions != $1.sessions ? $0.sessions > $1.sessions : JSONWriter.utf8Less($0.key, $1.key)
        }
        let kept = Array(ranked.prefix(max(0, limit)))
        return (kept, ranked.dropFirst(kept.count).reduce(0) { $0 + $1.sessions })
    }
}

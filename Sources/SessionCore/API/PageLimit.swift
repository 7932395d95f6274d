/// The page sizes every read accepts.
package enum PageLimit {
    /// Largest page. 1000.
    package static let maximum = 1000

    /// Throws `invalid_argument` unless `limit` is 1 to ``maximum``.
    package static func check(_ limit: Int) throws(SessionError) {
        guard (1...maximum).contains(limit) else {
            throw SessionError(.invalidArgument, "limit must be 1 to \(maximum)")
        }
    }
}

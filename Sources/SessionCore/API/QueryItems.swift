#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// URL query items as name/value pairs, with typed readers and precise errors: what
/// ``SessionQuery/init(queryItems:)`` and ``EventFilter/init(queryItems:)`` read.
struct QueryItems {
    let items: [(String, String)]

    init(_ items: [(String, String)]) {
        self.items = items
    }

    /// The first value of `name`.
    func first(_ name: String) -> String? {
        items.first { $0.0 == name }?.1
    }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] {
        items.filter { $0.0 == name }.map(\.1)
    }

    /// An integer; `invalid_argument` otherwise.
    func int(_ name: String) throws(SessionError) -> Int? {
        guard let text = first(name) else { return nil }
        guard let value = Int(text) else { throw SessionError(.invalidArgument, "\(name) must be an integer") }
        return value
    }

    /// Epoch milliseconds or RFC 3339; `invalid_argument` otherwise.
    func time(_ name: String) throws(SessionError) -> Timestamp? {
        guard let text = first(name) else { return nil }
        if let ms = Int64(text) { return Timestamp(milliseconds: ms) }
        guard let parsed = Timestamp(iso8601: text) else {
            throw SessionError(.invalidArgument, "\(name) must be RFC 3339 or epoch milliseconds")
        }
        return parsed
    }

    /// A session id; `session_not_found` otherwise, as for a route's id.
    func sessionID(_ name: String) throws(SessionError) -> UUID? {
        guard let text = first(name) else { return nil }
        guard let id = UUID(text: text) else { throw SessionError(.sessionNotFound, "'\(text)' is not a session id") }
        return id
    }
}

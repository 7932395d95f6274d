#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// Typed access to a JSON object's fields with precise errors.
package struct JSONFields {
    package let fields: [String: JSONValue]

    package init(_ json: JSONValue, what: String) throws(SessionError) {
        guard case .object(let o) = json else { throw SessionError(.invalidArgument, "\(what) must be a JSON object") }
        fields = o
    }

    package subscript(key: String) -> JSONValue? {
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    package func allow(_ keys: Set<String>) throws(SessionError) {
        if let unknown = fields.keys.sorted().first(where: { !keys.contains($0) }) {
            throw SessionError(.invalidArgument, "unknown field \(unknown)")
        }
    }

    package func string(_ key: String) throws(SessionError) -> String? {
        guard let value = self[key] else { return nil }
        guard let s = value.stringValue else { throw SessionError(.invalidArgument, "\(key) must be a string") }
        return s
    }

    package func int(_ key: String) throws(SessionError) -> Int64? {
        guard let value = self[key] else { return nil }
        guard case .int(let i) = value else { throw SessionError(.invalidArgument, "\(key) must be an integer") }
        return i
    }

    package func bool(_ key: String) throws(SessionError) -> Bool? {
        guard let value = self[key] else { return nil }
        guard case .bool(let b) = value else { throw SessionError(.invalidArgument, "\(key) must be true or false") }
        return b
    }

    package func object(_ key: String) throws(SessionError) -> [String: JSONValue]? {
        guard let value = self[key] else { return nil }
        guard case .object(let o) = value else { throw SessionError(.invalidArgument, "\(key) must be an object") }
        return o
    }

    /// An optional array, each element read by `read`; `[]` when absent.
    package func arrayIfPresent<T>(_ key: String, _ read: (JSONValue) throws(SessionError) -> T) throws(SessionError) -> [T] {
        guard self[key] != nil else { return [] }
        return try array(key, read)
    }

    /// A required array, each element read by `read`.
    package func array<T>(_ key: String, _ read: (JSONValue) throws(SessionError) -> T) throws(SessionError) -> [T] {
        guard let value = self[key] else { throw SessionError(.invalidArgument, "\(key) is missing") }
        guard case .array(let items) = value else { throw SessionError(.invalidArgument, "\(key) must be an array") }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try read(item)) }
        return out
    }

    package func uuid(_ key: String) throws(SessionError) -> UUID? {
        guard let text = try string(key) else { return nil }
        guard let id = UUID(text: text) else { throw SessionError(.invalidArgument, "\(key) is not a session id") }
        return id
    }
}

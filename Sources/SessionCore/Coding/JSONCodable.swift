/// A fixed-shape answer of the API (a page, a token, an alert, analytics): `Encodable` with
/// explicit snake_case keys, written as a ``JSONValue`` through ``JSONValueEncoder``, so it needs
/// no mapping code of its own.
public protocol JSONEncodable: Encodable {}

/// A ``JSONEncodable`` value clients read back through ``JSONValueDecoder``.
public protocol JSONCodable: JSONEncodable, Decodable {}

extension JSONEncodable {
    /// The value as the API answers it.
    public var json: JSONValue {
        do {
            return try JSONValueEncoder().encode(self)
        } catch {
            // Only a type's own `encode(to:)` can throw, and these types have none that does.
            preconditionFailure("\(Self.self) failed to encode: \(error)")
        }
    }
}

extension JSONCodable {
    /// Reads a value as ``JSONEncodable/json`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        self = try JSONValueDecoder().decode(Self.self, from: json)
    }
}

/// Any key of a JSON object, to list the keys a type does not know.
package struct AnyCodingKey: CodingKey, Sendable {
    package var stringValue: String
    package var intValue: Int? { nil }

    package init(_ text: String) { stringValue = text }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }
}

extension Decoder {
    /// Throws `invalid_argument` naming the first key (in sorted order) of this object that
    /// `Keys` does not name, so a typo in a request never silently drops a field.
    package func rejectUnknownKeys<Keys: CodingKey>(_ keys: Keys.Type) throws {
        // Request bodies are checked on every append: over the parsed tree, look before sorting.
        let given: [String]
        if let tree = self as? ValueDecoder, case .object(let fields) = tree.value {
            guard fields.keys.contains(where: { Keys(stringValue: $0) == nil }) else { return }
            given = Array(fields.keys)
        } else {
            given = try container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
        }
        guard let unknown = given.sorted().first(where: { Keys(stringValue: $0) == nil }) else { return }
        let path = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        let field = path.isEmpty ? unknown : "\(path.drop { $0 == "." }).\(unknown)"
        throw SessionError(.invalidArgument, "unknown field \(field)")
    }
}

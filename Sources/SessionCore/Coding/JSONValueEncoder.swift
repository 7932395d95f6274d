#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes `Encodable` values as a ``JSONValue``, which ``JSONWriter`` then writes.
///
/// The API's conventions are built in: a `UUID` is its lowercase text, a ``Timestamp`` its RFC
/// 3339 text, integers stay exact, a `nil` optional is `null` (answers keep every key), and a
/// `JSONValue` inside a model (free-form `data`, `state`, `context`) is taken as it is.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// The value as a JSON tree.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        try EncodingNode.encode(value, codingPath: [])
    }
}

/// One value under construction: a finished value, or an object or array whose members are
/// still being written by containers that share this node.
final class EncodingNode {
    private var value: JSONValue = .null
    private var object: [String: EncodingNode]?
    private var array: [EncodingNode]?

    init() {}

    var resolved: JSONValue {
        if let object { return .object(object.mapValues(\.resolved)) }
        if let array { return .array(array.map(\.resolved)) }
        return value
    }

    func set(_ value: JSONValue) {
        self.value = value
        object = nil
        array = nil
    }

    func member(_ key: String) -> EncodingNode {
        if object == nil { object = [:] }
        let node = EncodingNode()
        object![key] = node
        return node
    }

    func makeObject() { if object == nil { object = [:] } }

    func appended() -> EncodingNode {
        if array == nil { array = [] }
        let node = EncodingNode()
        array!.append(node)
        return node
    }

    func makeArray() { if array == nil { array = [] } }

    /// Encodes `value` into a fresh node: the conventions first, then the type's own `encode(to:)`.
    static func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue {
        if let known = convention(value) { return known }
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        return node.resolved
    }

    static func convention(_ value: some Encodable) -> JSONValue? {
        // Primitives the containers have no overload for (Int8, UInt32, Float, …) arrive here
        // too: their own `encode(to:)` would only call back into the generic overload.
        switch value {
        case let json as JSONValue: json
        case let uuid as UUID: .string(uuid.lowercased)
        case let time as Timestamp: .string(time.iso8601)
        case let string as String: .string(string)
        case let bool as Bool: .bool(bool)
        case let double as Double: .double(double)
        case let float as Float: .double(Double(float))
        case let integer as any BinaryInteger: Int64(exactly: integer).map(JSONValue.int) ?? .double(Double(integer))
        default: nil
        }
    }
}

struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).set(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.member(key.stringValue).set(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.member(key.stringValue).set(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.member(key.stringValue).set(.double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.member(key.stringValue).set(.int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.member(key.stringValue).set(.int(value)) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        node.member(key.stringValue).set(try EncodingNode.encode(value, codingPath: codingPath + [key]))
    }

    // A nil optional is written as `null`, not left out.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws { try encodeOrNull(value, key) }

    private mutating func encodeOrNull(_ value: (some Encodable)?, _ key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.member(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.member(key.stringValue)
        child.makeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]) }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(node: EncodingNode, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    mutating func encodeNil() throws { try append(.null) }
    mutating func encode(_ value: Bool) throws { try append(.bool(value)) }
    mutating func encode(_ value: String) throws { try append(.string(value)) }
    mutating func encode(_ value: Double) throws { try append(.double(value)) }
    mutating func encode(_ value: Int) throws { try append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { try append(.int(value)) }
    mutating func encode(_ value: some Encodable) throws { try append(EncodingNode.encode(value, codingPath: codingPath)) }

    private mutating func append(_ value: JSONValue) throws {
        node.appended().set(value)
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appended()
        count += 1
        child.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appended()
        count += 1
        child.makeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        count += 1
        return NodeEncoder(node: node.appended(), codingPath: codingPath)
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode(_ value: Bool) throws { node.set(.bool(value)) }
    mutating func encode(_ value: String) throws { node.set(.string(value)) }
    mutating func encode(_ value: Double) throws { node.set(.double(value)) }
    mutating func encode(_ value: Int) throws { node.set(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { node.set(.int(value)) }
    mutating func encode(_ value: some Encodable) throws { node.set(try EncodingNode.encode(value, codingPath: codingPath)) }
}

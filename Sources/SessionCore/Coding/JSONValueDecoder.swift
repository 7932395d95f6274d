#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes `Decodable` values from a ``JSONValue`` that ``JSONParser`` read: the parser stays the
/// gate (size, depth, UTF-8, exact integers), this only maps the tree onto types.
///
/// It keeps the encoder's conventions (lowercase `UUID`s, RFC 3339 ``Timestamp``s, exact
/// integers: `1.5` is not an integer) and throws ``SessionError`` `invalid_argument` naming the
/// field, as in `policy.idle_after_ms must be an integer`.
public struct JSONValueDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(SessionError) -> T {
        do {
            return try ValueDecoder.decode(type, from: value, codingPath: [])
        } catch let error as SessionError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            // An unknown enum case, a type's own refusal.
            throw SessionError(.invalidArgument, "\(ValueDecoder.path(context.codingPath)) is not valid: \(context.debugDescription)")
        } catch {
            throw SessionError(.invalidArgument, "\(error)")
        }
    }
}

struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        switch type {
        case is JSONValue.Type: return value as! T
        case is UUID.Type:
            guard let text = value.stringValue, let uuid = UUID(uuidString: text) else { throw mismatch("a UUID", codingPath) }
            return uuid as! T
        case is Timestamp.Type:
            guard let text = value.stringValue, let time = Timestamp(iso8601: text) else { throw mismatch("an RFC 3339 time", codingPath) }
            return time as! T
        default:
            return try T(from: ValueDecoder(value: value, codingPath: codingPath))
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return text.isEmpty ? "the value" : String(text.drop { $0 == "." })
    }

    static func mismatch(_ expected: String, _ codingPath: [any CodingKey]) -> SessionError {
        SessionError(.invalidArgument, "\(path(codingPath)) must be \(expected)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else { throw Self.mismatch("an object", codingPath) }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw Self.mismatch("an array", codingPath) }
        return UnkeyedValueContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(value: value, codingPath: codingPath) }
}

/// The primitive reads every container shares. The coding path is built only for an error:
/// request bodies are decoded on every append.
protocol PrimitiveReading {}

extension PrimitiveReading {
    func bool(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let b) = value else { throw ValueDecoder.mismatch("true or false", path()) }
        return b
    }

    func string(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let s) = value else { throw ValueDecoder.mismatch("a string", path()) }
        return s
    }

    func double(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard let d = value.doubleValue else { throw ValueDecoder.mismatch("a number", path()) }
        return d
    }

    func integer<I: FixedWidthInteger>(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> I {
        guard case .int(let i) = value, let exact = I(exactly: i) else { throw ValueDecoder.mismatch("an integer", path()) }
        return exact
    }
}

struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol, PrimitiveReading {
    let fields: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { fields.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    private func field(_ key: Key) throws -> JSONValue {
        guard let value = fields[key.stringValue] else {
            throw SessionError(.invalidArgument, "\(ValueDecoder.path(codingPath + [key])) is required")
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { fields[key.stringValue] == nil || fields[key.stringValue] == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try bool(field(key), codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try string(field(key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try double(field(key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try double(field(key), codingPath + [key])) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(field(key), codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(field(key), codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(field(key), codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(field(key), codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(field(key), codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(field(key), codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(field(key), codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(field(key), codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(field(key), codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(field(key), codingPath + [key]) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try field(key)
        // Free-form fields (`data`, `state_delta`) are the tree itself: no path to build.
        if T.self == JSONValue.self { return value as! T }
        return try ValueDecoder.decode(type, from: value, codingPath: codingPath + [key])
    }

    // Optional fields in one lookup instead of the protocol's three (`contains`, `decodeNil`, `decode`).
    private func present(_ key: Key) -> JSONValue? {
        guard let value = fields[key.stringValue], value != .null else { return nil }
        return value
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = present(key) else { return nil }
        return try string(value, codingPath + [key])
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = present(key) else { return nil }
        return try bool(value, codingPath + [key])
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        guard let value = present(key) else { return nil }
        return try integer(value, codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        if T.self == JSONValue.self { return (value as! T) }
        return try ValueDecoder.decode(type, from: value, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: field(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: field(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ValueDecoder(value: fields["super"] ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ValueDecoder(value: fields[key.stringValue] ?? .null, codingPath: codingPath + [key]) }
}

struct UnkeyedValueContainer: UnkeyedDecodingContainer, PrimitiveReading {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    private mutating func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else { throw SessionError(.invalidArgument, "\(ValueDecoder.path(codingPath)) has too few items") }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [Index(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(); return try bool(v, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(); return try string(v, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(); return try double(v, p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(); return Float(try double(v, p)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, p) = try next(); return try integer(v, p) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, p) = try next(); return try integer(v, p) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, p) = try next()
        return try ValueDecoder.decode(type, from: v, codingPath: p)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, p) = try next()
        return try ValueDecoder(value: v, codingPath: p).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, p) = try next()
        return try ValueDecoder(value: v, codingPath: p).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (v, p) = try next()
        return ValueDecoder(value: v, codingPath: p)
    }
}

struct SingleValueContainer: SingleValueDecodingContainer, PrimitiveReading {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try double(value, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try ValueDecoder.decode(type, from: value, codingPath: codingPath) }
}

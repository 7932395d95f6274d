/// A JSON value: what events carry as `data`, what state and state deltas are made of.
///
/// Integers that fit in `Int64` stay exact (`.int`); every other number is a `Double`.
/// Objects are unordered; ``JSONWriter`` sorts keys when it needs a canonical form.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// An empty object, the state of a new session.
    public static let emptyObject = JSONValue.object([:])

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as an integer, if it is a whole number.
    public var int64Value: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e18: return Int64(d)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    public var isObject: Bool { objectValue != nil }

    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The size of the compact JSON text ``JSONWriter`` writes, and the nesting depth,
    /// computed without writing it; stops early once the size passes `limit`.
    public func measure(limit: Int = .max) -> (bytes: Int, depth: Int) {
        var bytes = 0
        let depth = measure(into: &bytes, limit: limit)
        return (bytes, depth)
    }

    private func measure(into bytes: inout Int, limit: Int) -> Int {
        if bytes > limit { return 0 }
        switch self {
        case .null: bytes += 4
        case .bool(let b): bytes += b ? 4 : 5
        case .int(let i): bytes += String(i).utf8.count
        case .double: bytes += JSONWriter.bytes(self).count
        case .string(let s): bytes += JSONWriter.escapedLength(s)
        case .array(let a):
            bytes += 2 + max(0, a.count - 1)
            var deepest = 0
            for element in a { deepest = max(deepest, element.measure(into: &bytes, limit: limit)) }
            return deepest + 1
        case .object(let o):
            bytes += 2 + max(0, o.count - 1)
            var deepest = 0
            for (key, value) in o {
                bytes += JSONWriter.escapedLength(key) + 1
                deepest = max(deepest, value.measure(into: &bytes, limit: limit))
            }
            return deepest + 1
        }
        return 0
    }

    /// Nesting depth: a scalar is 0, `{}` and `[]` are 1.
    public var depth: Int {
        switch self {
        case .array(let a): return 1 + (a.map(\.depth).max() ?? 0)
        case .object(let o): return 1 + (o.values.map(\.depth).max() ?? 0)
        default: return 0
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text with sorted keys.
    public var description: String { JSONWriter.string(self) }
}

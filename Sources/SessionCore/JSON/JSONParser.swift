/// A strict RFC 8259 JSON parser with limits, reporting precise errors.
///
/// It accepts exactly one value surrounded by optional whitespace, rejects invalid UTF-8,
/// unescaped control characters, lone surrogates, leading zeros and trailing garbage, and
/// stops at ``Limits/maxDepth`` nesting levels instead of recursing without bound.
public struct JSONParser: Sendable {
    public struct Limits: Sendable, Hashable {
        /// Deepest nesting of arrays and objects accepted.
        public var maxDepth: Int
        /// Largest input in bytes.
        public var maxBytes: Int
        /// Longest string (in UTF-8 bytes) accepted.
        public var maxStringBytes: Int

        public init(maxDepth: Int = 64, maxBytes: Int = 16 << 20, maxStringBytes: Int = 16 << 20) {
            self.maxDepth = maxDepth
            self.maxBytes = maxBytes
            self.maxStringBytes = maxStringBytes
        }

        public static let `default` = Limits()
    }

    /// Parses `text` as one JSON value.
    public static func parse(_ text: String, limits: Limits = .default) throws(SessionError) -> JSONValue {
        var text = text
        return try typed { try text.withUTF8 { buffer in try parse(buffer, limits: limits) } }
    }

    /// Parses UTF-8 `bytes` as one JSON value.
    public static func parse(_ bytes: [UInt8], limits: Limits = .default) throws(SessionError) -> JSONValue {
        let array = Array(bytes)
        return try typed { try array.withUnsafeBufferPointer { buffer in try parse(buffer, limits: limits) } }
    }

    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, limits: Limits = .default) throws(SessionError) -> JSONValue {
        if buffer.count > limits.maxBytes {
            throw SessionError(.payloadTooLarge, "JSON document is \(buffer.count) bytes; the limit is \(limits.maxBytes)")
        }
        var parser = Cursor(bytes: buffer, limits: limits)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index != buffer.count {
            throw parser.error("unexpected data after the JSON value")
        }
        return value
    }

    private static func typed<T>(_ body: () throws -> T) throws(SessionError) -> T {
        do { return try body() } catch let error as SessionError { throw error } catch {
            throw SessionError(.invalidJSON, "invalid JSON")
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let limits: Limits
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, limits: Limits) {
            self.bytes = bytes
            self.limits = limits
        }

        func error(_ message: String) -> SessionError {
            SessionError(.invalidJSON, "invalid JSON at byte \(index): \(message)")
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func parseValue(depth: Int) throws(SessionError) -> JSONValue {
            guard index < bytes.count else { throw error("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw error("unexpected character")
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(SessionError) {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw error("unexpected end of input") }
            let start = literal.utf8Start
            for offset in 0..<count where bytes[index + offset] != start[offset] {
                throw error("invalid literal")
            }
            index += count
        }

        mutating func checkDepth(_ depth: Int) throws(SessionError) {
            if depth > limits.maxDepth {
                throw SessionError(.jsonTooDeep, "JSON nests deeper than \(limits.maxDepth) levels")
            }
        }

        mutating func parseObject(depth: Int) throws(SessionError) -> JSONValue {
            try checkDepth(depth)
            index += 1
            var object: [String: JSONValue] = [:]
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                skipWhitespace()
                object[key] = try parseValue(depth: depth)
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(object)
                } else {
                    throw error("expected ',' or '}'")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(SessionError) -> JSONValue {
            try checkDepth(depth)
            index += 1
            var array: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(array)
            }
            while true {
                skipWhitespace()
                array.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(array)
                } else {
                    throw error("expected ',' or ']'")
                }
            }
        }

        mutating func parseNumber() throws(SessionError) -> JSONValue {
            let start = index
            var isInteger = true
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) { throw error("leading zero in number") }
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid fraction") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid exponent") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if isInteger, let value = Int64(text) { return .int(value) }
            guard let value = Double(text), value.isFinite else { throw error("number out of range") }
            return .double(value)
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func parseString() throws(SessionError) -> String {
            index += 1  // opening quote
            let start = index
            // Fast path: no escapes, ASCII or valid UTF-8 checked by the decoder below.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    return try Cursor.makeString(slice, limits: limits, at: index)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            index = start
            var scalars: [UInt8] = []
            scalars.reserveCapacity(32)
            while true {
                guard index < bytes.count else { throw error("unterminated string") }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    let limits = limits, at = index
                    return try JSONParser.typed { try scalars.withUnsafeBufferPointer { buffer in try Cursor.makeString(buffer, limits: limits, at: at) } }
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw error("unterminated escape") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append(0x22)
                    case UInt8(ascii: "\\"): scalars.append(0x5C)
                    case UInt8(ascii: "/"): scalars.append(0x2F)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try parseHex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                            else { throw error("lone surrogate in \\u escape") }
                            index += 2
                            let low = try parseHex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw error("lone surrogate in \\u escape")
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                        scalars.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default:
                        throw error("invalid escape")
                    }
                default:
                    if byte < 0x20 { throw error("unescaped control character in string") }
                    scalars.append(byte)
                    index += 1
                }
                if scalars.count > limits.maxStringBytes {
                    throw SessionError(.payloadTooLarge, "a JSON string is longer than \(limits.maxStringBytes) bytes")
                }
            }
        }

        mutating func parseHex4() throws(SessionError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw error("short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw error("invalid hex digit in \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        static func makeString(_ buffer: UnsafeBufferPointer<UInt8>, limits: Limits, at index: Int) throws(SessionError) -> String {
            if buffer.count > limits.maxStringBytes {
                throw SessionError(.payloadTooLarge, "a JSON string is longer than \(limits.maxStringBytes) bytes")
            }
            guard let string = String(validating: buffer, as: UTF8.self) else {
                throw SessionError(.invalidUTF8, "JSON string ending at byte \(index) is not valid UTF-8")
            }
            return string
        }
    }
}

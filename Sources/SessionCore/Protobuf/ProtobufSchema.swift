#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The fields of one protobuf message that sessiond reads, by number, with the name and value
/// shape of the message's canonical JSON form (proto3 JSON mapping, as OTLP/JSON uses it):
/// 64-bit integers become strings, enums numbers, `bytes` base64 (trace and span ids hex).
/// Decoding a message gives the same ``JSONValue`` the JSON encoding parses to, so one reader
/// serves both. Fields not listed are skipped, as protobuf readers skip unknown fields.
struct ProtobufSchema: Sendable {
    enum Kind: Sendable {
        case string, bool, double
        /// `int64` and `sfixed64` (signed), `fixed64` (unsigned): a decimal string.
        case int64, sfixed64, uint64
        /// `uint32`, `int32` or an enum: a number.
        case int32
        case bytesBase64, bytesHex
        case message(@Sendable () -> ProtobufSchema)
    }

    struct Field: Sendable {
        var name: String
        var kind: Kind
        var repeated = false
    }

    var fields: [Int: Field]

    init(_ fields: [Int: Field]) { self.fields = fields }

    /// The message in `bytes` as a JSON object, nested at most `maxDepth` messages deep.
    func decode(_ bytes: ArraySlice<UInt8>, maxDepth: Int) throws(SessionError) -> JSONValue {
        guard maxDepth > 0 else { throw ProtobufReader.invalid("messages nest deeper than the limit") }
        var reader = ProtobufReader(bytes)
        var object: [String: JSONValue] = [:]
        var lists: [String: [JSONValue]] = [:]
        while let entry = try reader.next() {
            guard let field = fields[entry.number] else { continue }
            let value = try Self.value(entry.value, field, maxDepth: maxDepth)
            if field.repeated { lists[field.name, default: []].append(value) } else { object[field.name] = value }
        }
        for (name, list) in lists { object[name] = .array(list) }
        return .object(object)
    }

    private static func value(_ wire: ProtobufReader.Value, _ field: Field, maxDepth: Int) throws(SessionError) -> JSONValue {
        switch (field.kind, wire) {
        case (.string, .bytes(let bytes)):
            guard let string = String(validating: bytes, as: UTF8.self) else { throw ProtobufReader.invalid("\(field.name) is not UTF-8") }
            return .string(string)
        case (.bool, .varint(let v)): return .bool(v != 0)
        case (.double, .fixed64(let bits)): return .double(Double(bitPattern: bits))
        case (.int64, .varint(let v)), (.sfixed64, .fixed64(let v)): return .string(String(Int64(bitPattern: v)))
        case (.uint64, .varint(let v)), (.uint64, .fixed64(let v)): return .string(String(v))
        case (.int32, .varint(let v)): return .int(Int64(Int32(truncatingIfNeeded: v)))
        case (.bytesBase64, .bytes(let bytes)): return .string(Data(bytes).base64EncodedString())
        case (.bytesHex, .bytes(let bytes)): return .string(bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined())
        case (.message(let schema), .bytes(let bytes)): return try schema().decode(bytes, maxDepth: maxDepth - 1)
        default: throw ProtobufReader.invalid("\(field.name) has the wrong wire type")
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

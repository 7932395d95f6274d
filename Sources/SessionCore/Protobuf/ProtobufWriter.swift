/// The protocol buffers wire format, the little of it OTLP needs: varints, fixed64/fixed32,
/// length-delimited fields and nested messages.
package struct ProtobufWriter: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    private enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private mutating func tag(_ field: UInt64, _ type: WireType) {
        varint(field << 3 | type.rawValue)
    }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Proto3 leaves out fields at their default value; so does this writer, unless `always`
    /// (a oneof member is written whatever its value: its presence is the information).
    package mutating func uint64(_ field: UInt64, _ value: UInt64, always: Bool = false) {
        guard always || value != 0 else { return }
        tag(field, .varint)
        varint(value)
    }

    package mutating func int64(_ field: UInt64, _ value: Int64, always: Bool = false) {
        uint64(field, UInt64(bitPattern: value), always: always)
    }

    package mutating func bool(_ field: UInt64, _ value: Bool, always: Bool = false) {
        uint64(field, value ? 1 : 0, always: always)
    }

    package mutating func fixed64(_ field: UInt64, _ value: UInt64) {
        guard value != 0 else { return }
        tag(field, .fixed64)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func fixed32(_ field: UInt64, _ value: UInt32) {
        guard value != 0 else { return }
        tag(field, .fixed32)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func double(_ field: UInt64, _ value: Double, always: Bool = false) {
        guard always || value != 0 else { return }
        tag(field, .fixed64)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func string(_ field: UInt64, _ value: String, always: Bool = false) {
        guard always || !value.isEmpty else { return }
        tag(field, .lengthDelimited)
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Big-endian bytes of the ids, as OTLP's `bytes` fields hold them.
    package mutating func id(_ field: UInt64, _ values: UInt64...) {
        guard values.contains(where: { $0 != 0 }) else { return }
        tag(field, .lengthDelimited)
        varint(UInt64(values.count * 8))
        for value in values { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
    }

    /// A nested message, written even when empty when `always` is set (a oneof's or repeated
    /// field's presence matters). Written in place: a one-byte length is reserved and widened
    /// afterwards when the message turns out to be 128 bytes or longer.
    package mutating func message(_ field: UInt64, always: Bool = false, _ body: (inout ProtobufWriter) -> Void) {
        let start = bytes.count
        tag(field, .lengthDelimited)
        let lengthAt = bytes.count
        bytes.append(0)
        body(&self)
        let length = bytes.count - lengthAt - 1
        guard always || length > 0 else {
            bytes.removeSubrange(start...)
            return
        }
        guard length >= 0x80 else {
            bytes[lengthAt] = UInt8(length)
            return
        }
        var prefix: [UInt8] = []
        var value = UInt64(length)
        while value >= 0x80 {
            prefix.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        prefix.append(UInt8(value))
        bytes.replaceSubrange(lengthAt...lengthAt, with: prefix)
    }
}

/// Protocol Buffers' wire format, read field by field (protobuf.dev `encoding`): each field is a
/// key (field number << 3 | wire type) and a value — a varint (0), 8 bytes (1), a length and that
/// many bytes (2) or 4 bytes (5). Groups (3, 4) are long deprecated and refused. Every read checks
/// the bounds, so truncated or hostile bytes end in an `invalid_otlp` error, never a crash.
struct ProtobufReader {
    /// A field's wire type.
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    /// One field's value as it is on the wire.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    /// The next field's number and value, or `nil` at the end of the message.
    mutating func next() throws(SessionError) -> (number: Int, value: Value)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        let number = key >> 3
        guard number > 0, number <= 536_870_911 else { throw Self.invalid("a field number is out of range") }
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw Self.invalid("wire type \(key & 7) is not one this reader takes")
        }
        let value: Value
        switch wireType {
        case .varint: value = .varint(try varint())
        case .fixed64: value = .fixed64(try littleEndian(8))
        case .fixed32: value = .fixed32(UInt32(try littleEndian(4)))
        case .lengthDelimited:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - index) else { throw Self.invalid("a length runs past the end of the message") }
            let end = index + Int(length)
            value = .bytes(bytes[index..<end])
            index = end
        }
        return (Int(number), value)
    }

    private mutating func varint() throws(SessionError) -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: UInt64(0), to: 70, by: 7) {
            guard index < bytes.endIndex else { throw Self.invalid("a varint runs past the end of the message") }
            let byte = bytes[index]
            index += 1
            guard shift < 63 || byte <= 1 else { throw Self.invalid("a varint is longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
        }
        throw Self.invalid("a varint is longer than 10 bytes")
    }

    private mutating func littleEndian(_ count: Int) throws(SessionError) -> UInt64 {
        guard bytes.endIndex - index >= count else { throw Self.invalid("a fixed-width value runs past the end of the message") }
        var result: UInt64 = 0
        for offset in 0..<count { result |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
        index += count
        return result
    }

    static func invalid(_ message: String) -> SessionError {
        SessionError(.invalidOTLP, "the protobuf body is not a valid OTLP export request: \(message)")
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension UUID {
    /// Parses the 36-character text form (any case) without the C library's `sscanf`,
    /// which Foundation's parser uses and which dominated reading events back.
    public init?(text: String) {
        var text = text
        guard let parsed = text.withUTF8({ UUID.parse($0) }) else { return nil }
        self = parsed
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard utf8.count == 36 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        var index = 0
        var high: UInt8?
        for offset in 0..<36 {
            let c = utf8[offset]
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let nibble = Hex.nibble(c) else { return nil }
            if let h = high {
                guard index < 16 else { return nil }
                bytes[index] = h << 4 | nibble
                index += 1
                high = nil
            } else {
                high = nibble
            }
        }
        guard index == 16 else { return nil }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The lowercase text form used in storage and output.
    public var lowercased: String {
        let hex = Array("0123456789abcdef".utf8)
        let u = uuid
        let bytes = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
        return String(unsafeUninitializedCapacity: 36) { out in
            var o = 0
            for (i, byte) in bytes.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[o] = UInt8(ascii: "-")
                    o += 1
                }
                out[o] = hex[Int(byte >> 4)]
                out[o + 1] = hex[Int(byte & 0xF)]
                o += 2
            }
            return 36
        }
    }
}

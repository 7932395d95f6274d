/// The W3C Trace Context `traceparent` header, `version-traceid-parentid-flags`, e.g.
/// `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`: read by the server's tracer from a
/// caller and by the engine to link events to the span that wrote them.
public struct TraceParentHeader: Sendable, Hashable {
    /// The 16-byte trace id, high 8 bytes first. Never all zero.
    public var traceIDHigh: UInt64
    public var traceIDLow: UInt64
    /// The caller's span. Never zero.
    public var spanID: UInt64
    /// W3C trace flags; bit 0 is `sampled`.
    public var flags: UInt8

    public var isSampled: Bool { flags & 1 == 1 }
    /// 32 lowercase hex digits.
    public var traceIDHex: String { Hex.string(traceIDHigh, traceIDLow) }
    /// 16 lowercase hex digits.
    public var spanIDHex: String { Hex.string(spanID) }

    public init(traceIDHigh: UInt64, traceIDLow: UInt64, spanID: UInt64, flags: UInt8) {
        self.traceIDHigh = traceIDHigh
        self.traceIDLow = traceIDLow
        self.spanID = spanID
        self.flags = flags
    }

    /// Reads a header; `nil` when it is malformed, of version `ff`, or carries an all-zero id
    /// (the receiver then starts a new trace). A version after 00 may append fields.
    public init?(_ header: String) {
        var header = header
        guard let parsed = header.withUTF8({ Self.parse($0[...]) }) else { return nil }
        self = parsed
    }

    private static func parse(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> TraceParentHeader? {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        var bytes = text.drop(while: blank)
        while let last = bytes.last, blank(last) { bytes = bytes.dropLast() }
        let at = { (offset: Int) in bytes.startIndex + offset }
        guard bytes.count >= 55, bytes[at(2)] == UInt8(ascii: "-"), bytes[at(35)] == UInt8(ascii: "-"), bytes[at(52)] == UInt8(ascii: "-"),
            let version = Hex.parse(bytes[at(0)..<at(2)]), version != 0xFF,
            bytes.count == 55 || (version != 0 && bytes[at(55)] == UInt8(ascii: "-")),
            let high = Hex.parse(bytes[at(3)..<at(19)]), let low = Hex.parse(bytes[at(19)..<at(35)]),
            let span = Hex.parse(bytes[at(36)..<at(52)]), let flags = Hex.parse(bytes[at(53)..<at(55)]), high != 0 || low != 0, span != 0
        else { return nil }
        return TraceParentHeader(traceIDHigh: high, traceIDLow: low, spanID: span, flags: UInt8(flags))
    }

    /// The header, version 00.
    public var header: String {
        var out: [UInt8] = []
        out.reserveCapacity(55)
        out.append(contentsOf: "00-".utf8)
        Hex.append(traceIDHigh, into: &out)
        Hex.append(traceIDLow, into: &out)
        out.append(UInt8(ascii: "-"))
        Hex.append(spanID, into: &out)
        out.append(UInt8(ascii: "-"))
        let flagDigits = Hex.string(UInt64(flags)).utf8.suffix(2)
        out.append(contentsOf: flagDigits)
        return String(decoding: out, as: UTF8.self)
    }
}

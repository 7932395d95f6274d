import SessionCore
import Testing

struct TraceParentHeaderTests {
    static let valid: [(header: String, trace: String, span: String, sampled: Bool)] = [
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true),
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", false),
        ("  00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03 ", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true),
        // A later version may append fields; the known ones are read.
        ("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true),
    ]

    @Test(arguments: valid)
    func validHeaderIsRead(_ example: (header: String, trace: String, span: String, sampled: Bool)) throws {
        let header = try #require(TraceParentHeader(example.header))
        #expect(header.traceIDHex == example.trace)
        #expect(header.spanIDHex == example.span)
        #expect(header.isSampled == example.sampled)
    }

    static let invalid = [
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  // no flags
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // zero span id
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",  // not hex
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 has no more fields
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-+0f067aa0ba902b7-01",
    ]

    @Test(arguments: invalid)
    func malformedHeaderStartsANewTrace(_ header: String) {
        #expect(TraceParentHeader(header) == nil)
    }

    @Test(arguments: [UInt8(0), 1, 0xA3])
    func writtenHeaderReadsBack(_ flags: UInt8) throws {
        let header = TraceParentHeader(traceIDHigh: 0x0123_4567_89ab_cdef, traceIDLow: 0x0fed_cba9_8765_4321, spanID: 0xff, flags: flags)
        #expect(header.header == "00-0123456789abcdef0fedcba987654321-00000000000000ff-\(flags == 0xA3 ? "a3" : "0\(flags)")")
        #expect(TraceParentHeader(header.header) == header)
    }
}

import Testing

@testable import SessionTracing

struct OTLPSpanContextTests {
    @Test(arguments: [true, false])
    func contextTravelsAsTraceparent(_ sampled: Bool) throws {
        let context = OTLPSpanContext(traceID: .init(high: 0x0123_4567_89ab_cdef, low: 0x0fed_cba9_8765_4321), spanID: 0xff, isSampled: sampled)
        #expect(context.traceparent == "00-0123456789abcdef0fedcba987654321-00000000000000ff-0\(sampled ? 1 : 0)")
        let read = try #require(OTLPSpanContext(traceparent: context.traceparent, traceState: "vendor=1"))
        #expect(read.traceID == context.traceID)
        #expect(read.spanID == context.spanID)
        #expect(read.isSampled == sampled)
        #expect(read.isRemote)
        #expect(read.traceState == "vendor=1")
    }

    @Test func unusableHeaderGivesNoContext() {
        #expect(OTLPSpanContext(traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01") == nil)
    }
}

import Testing

@testable import SessionTracing

struct TraceSamplerTests {
    static let sampledParent = OTLPSpanContext(traceID: .init(high: 1, low: 1), spanID: 1, isSampled: true)
    static let unsampledParent = OTLPSpanContext(traceID: .init(high: 1, low: 1), spanID: 1, isSampled: false)
    static let lowID = OTLPSpanContext.TraceID(high: 7, low: 0x0000_0000_0000_0001)
    static let highID = OTLPSpanContext.TraceID(high: 7, low: 0xFFFF_FFFF_FFFF_FFFF)

    static let table: [(sampler: TraceSampler, traceID: OTLPSpanContext.TraceID, parent: OTLPSpanContext?, sampled: Bool)] = [
        (.alwaysOn, lowID, nil, true),
        (.alwaysOn, lowID, unsampledParent, true),
        (.alwaysOff, lowID, sampledParent, false),
        (.parentBased(.alwaysOn), lowID, nil, true),
        (.parentBased(.alwaysOn), lowID, unsampledParent, false),
        (.parentBased(.alwaysOff), lowID, nil, false),
        (.parentBased(.alwaysOff), lowID, sampledParent, true),
        (.traceIDRatio(0), lowID, nil, false),
        (.traceIDRatio(1), highID, nil, true),
        (.traceIDRatio(0.5), lowID, nil, true),
        (.traceIDRatio(0.5), highID, nil, false),
        (.traceIDRatio(0.5), highID, sampledParent, false),  // not parent-based: the id decides
        (.parentBased(.traceIDRatio(0.5)), highID, sampledParent, true),
        (.parentBased(.traceIDRatio(0.5)), highID, nil, false),
    ]

    @Test(arguments: table)
    func samplerDecides(_ row: (sampler: TraceSampler, traceID: OTLPSpanContext.TraceID, parent: OTLPSpanContext?, sampled: Bool)) {
        #expect(row.sampler.isSampled(traceID: row.traceID, parent: row.parent) == row.sampled, "\(row.sampler)")
    }

    @Test func ratioKeepsAboutThatShareOfRandomTraces() {
        let ids = TraceIDGenerator(seed: 42)
        let sampler = TraceSampler.traceIDRatio(0.25)
        let kept = (0..<20_000).filter { _ in sampler.isSampled(traceID: ids.nextTraceID(), parent: nil) }.count
        #expect((4_500...5_500).contains(kept))
    }
}

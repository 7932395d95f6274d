import Synchronization

/// Random trace and span ids from a fast generator (wyrand) seeded from the system's CSPRNG:
/// ids need to be unique and unpredictable enough to sample on, not secret, and a system call
/// per id would cost more than the rest of a span.
final class TraceIDGenerator: Sendable {
    private let state: Mutex<UInt64>

    init(seed: UInt64 = UInt64.random(in: .min ... .max)) {
        state = Mutex(seed)
    }

    /// Never zero.
    func nextSpanID() -> UInt64 {
        state.withLock { state in
            var value: UInt64 = 0
            while value == 0 { value = Self.next(&state) }
            return value
        }
    }

    func nextTraceID() -> OTLPSpanContext.TraceID {
        state.withLock { state in
            var id = OTLPSpanContext.TraceID(high: 0, low: 0)
            while !id.isValid { id = OTLPSpanContext.TraceID(high: Self.next(&state), low: Self.next(&state)) }
            return id
        }
    }

    private static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0xA076_1D64_78BD_642F
        let product = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }
}

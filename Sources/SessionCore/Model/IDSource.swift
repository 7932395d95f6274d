#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where event and session ids get their random bits: the system CSPRNG, or a seed for tests.
public struct IDSource: Sendable {
    private enum Base: Sendable {
        case system
        case seeded(UInt64)
    }

    private var base: Base

    /// Random bits from the system CSPRNG.
    public static let system = IDSource(base: .system)

    /// Reproducible ids from a seed (SplitMix64), for tests. Never for production.
    public static func seeded(_ seed: UInt64) -> IDSource { IDSource(base: .seeded(seed)) }

    /// A UUIDv7 for `time`.
    public mutating func next(at time: Timestamp) -> UUID {
        switch base {
        case .system:
            return UUID.v7(at: time)
        case .seeded(let state):
            var generator = SplitMix64(state: state)
            let id = UUID.v7(at: time, using: &generator)
            base = .seeded(generator.state)
            return id
        }
    }
}

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

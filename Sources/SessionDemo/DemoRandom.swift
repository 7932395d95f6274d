import SessionCore

/// A seeded random number generator (SplitMix64): the same seed gives the same numbers, so a
/// demo scenario is reproducible in tests.
package struct DemoRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < p
    }

    package mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    package mutating func milliseconds(_ range: ClosedRange<Int64>) -> Int64 {
        Int64.random(in: range, using: &self)
    }

    package mutating func pick<T>(_ elements: [T]) -> T {
        elements[Int.random(in: 0..<elements.count, using: &self)]
    }

    /// One of `elements`, each as likely as its weight.
    package mutating func weighted<T>(_ elements: [(T, Double)]) -> T {
        let total = elements.reduce(0) { $0 + $1.1 }
        var point = Double.random(in: 0..<total, using: &self)
        for (element, weight) in elements {
            if point < weight { return element }
            point -= weight
        }
        return elements[elements.count - 1].0
    }

    /// `count` distinct elements of `elements` (all of them if there are fewer), in random order.
    package mutating func sample<T>(_ elements: [T], count: Int) -> [T] {
        Array(elements.shuffled(using: &self).prefix(count))
    }

    /// Hex digits, as in a git commit id.
    package mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int.random(in: 0..<16, using: &self)] })
    }
}

import Foundation
import SessionCore
import Testing

/// The 16 bytes of a UUID.
func uuidBytes(_ id: UUID) -> [UInt8] {
    withUnsafeBytes(of: id.uuid) { Array($0) }
}

struct UUIDv7Tests {
    /// SplitMix64 from seed 0 yields 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4: the id's random bits, laid out by RFC 9562.
    @Test func knownSeededVector() {
        var ids = IDSource.seeded(0)
        let id = ids.next(at: T.t0)
        #expect(id.lowercased == "018bcfe5-6800-7daf-ae78-9e6aa1b965f4")
        #expect(id.uuidString == "018BCFE5-6800-7DAF-AE78-9E6AA1B965F4")
    }

    @Test(arguments: [Int64(0), 1, 1_700_000_000_000, 1_700_000_000_001, 253_402_300_799_999, 281_474_976_710_655] as [Int64])
    func timestampRoundTrips(_ ms: Int64) {
        var ids = IDSource.seeded(UInt64(ms))
        let id = ids.next(at: Timestamp(milliseconds: ms))
        #expect(id.v7Timestamp == Timestamp(milliseconds: ms))
        let bytes = uuidBytes(id)
        let encoded = bytes[0..<6].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        #expect(encoded == ms, "the first 48 bits are the big-endian milliseconds")
    }

    @Test func outOfRangeTimesAreClampedOrMasked() {
        var ids = IDSource.seeded(1)
        #expect(ids.next(at: Timestamp(milliseconds: -5)).v7Timestamp == Timestamp(milliseconds: 0))
        #expect(ids.next(at: Timestamp(milliseconds: (1 << 48) + 7)).v7Timestamp == Timestamp(milliseconds: 7))
    }

    @Test(arguments: [UInt64(0), 1, 42, .max])
    func versionAndVariantBits(_ seed: UInt64) {
        var ids = IDSource.seeded(seed)
        for n in 0..<200 {
            let id = ids.next(at: T.at(Int64(n)))
            let bytes = uuidBytes(id)
            #expect(bytes[6] >> 4 == 7, "version 7")
            #expect(bytes[8] >> 6 == 0b10, "RFC 9562 variant")
            #expect(Array(id.lowercased)[14] == "7")
            #expect("89ab".contains(Array(id.lowercased)[19]))
        }
    }

    @Test func systemIDsHaveTheLayoutToo() {
        var seen = Set<UUID>()
        for _ in 0..<500 {
            let id = UUID.v7(at: T.t0)
            let bytes = uuidBytes(id)
            #expect(bytes[6] >> 4 == 7)
            #expect(bytes[8] >> 6 == 0b10)
            #expect(id.v7Timestamp == T.t0)
            seen.insert(id)
        }
        #expect(seen.count == 500, "74 random bits: no collisions within one millisecond")
    }

    @Test func seededSourcesAreReproducibleAndAdvance() {
        var a = IDSource.seeded(7)
        var b = IDSource.seeded(7)
        var c = IDSource.seeded(8)
        let fromA = (0..<20).map { _ in a.next(at: T.t0) }
        let fromB = (0..<20).map { _ in b.next(at: T.t0) }
        let fromC = (0..<20).map { _ in c.next(at: T.t0) }
        #expect(fromA == fromB)
        #expect(Set(fromA).count == 20, "each call advances the source")
        #expect(Set(fromA).isDisjoint(with: fromC))
    }

    @Test func laterIDsSortLater() {
        var ids = IDSource.seeded(3)
        var previous = ids.next(at: T.t0)
        for step in [Int64(1), 2, 999, 1000, 86_400_000, 1 << 40] {
            let next = ids.next(at: Timestamp(milliseconds: previous.v7Timestamp.milliseconds + step))
            #expect(previous.lowercased < next.lowercased, "text order")
            #expect(uuidBytes(previous).lexicographicallyPrecedes(uuidBytes(next)), "byte order")
            previous = next
        }
    }

    @Test func randomBitsDiffer() {
        // Over many ids, every one of the 74 random bit positions takes both values.
        var ids = IDSource.seeded(11)
        var ones = [Int](repeating: 0, count: 128)
        let count = 256
        for _ in 0..<count {
            let bytes = uuidBytes(ids.next(at: T.t0))
            for bit in 0..<128 where bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0 { ones[bit] += 1 }
        }
        let random = (52..<64).map { $0 } + (66..<128).map { $0 }
        #expect(random.count == 74)
        for bit in random {
            #expect(ones[bit] > 0, "bit \(bit)")
            #expect(ones[bit] < count, "bit \(bit)")
        }
        // Fixed bits: timestamp, version, variant.
        for bit in (0..<48).map({ $0 }) + Array(48..<52) + [64, 65] {
            #expect(ones[bit] == 0 || ones[bit] == count, "bit \(bit)")
        }
    }

    @Test func lowercasedMatchesFoundation() {
        var ids = IDSource.seeded(5)
        for n in 0..<200 {
            let id = ids.next(at: T.at(Int64(n) * 7919))
            #expect(id.lowercased == id.uuidString.lowercased())
        }
        #expect(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).lowercased == "00000000-0000-0000-0000-000000000000")
        #expect(
            UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)).lowercased
                == "ffffffff-ffff-ffff-ffff-ffffffffffff"
        )
    }

    @Test func parsesItsTextForm() {
        var ids = IDSource.seeded(6)
        for n in 0..<200 {
            let id = ids.next(at: T.at(Int64(n)))
            #expect(UUID(text: id.lowercased) == id)
            #expect(UUID(text: id.uuidString) == id)
        }
    }

    @Test(arguments: [
        "", "018bcfe5-6800-7daf-ae78-9e6aa1b965f", "018bcfe5-6800-7daf-ae78-9e6aa1b965f40",
        "018bcfe5-6800-7daf-ae78-9e6aa1b965f4-", "018bcfe568007dafae789e6aa1b965f4", "018bcfe56-800-7daf-ae78-9e6aa1b965f4",
        "018bcfe5-6800-7daf-ae78-9e6aa1b965fg", "018bcfe5_6800_7daf_ae78_9e6aa1b965f4", "{018bcfe5-6800-7daf-ae78-9e6aa1b965f4}",
        " 018bcfe5-6800-7daf-ae78-9e6aa1b965f4", "018bcfe5-6800-7daf-ae78-9e6aa1b965fé",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(UUID(text: text) == nil)
    }
}

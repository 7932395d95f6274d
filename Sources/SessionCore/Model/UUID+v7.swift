#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension UUID {
    /// A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits.
    ///
    /// IDs made later sort later (by their text or bytes) across processes, which keeps
    /// inserts at the end of indexes and lets a session's id stand for its creation time.
    /// - Parameters:
    ///   - time: the creation time, from the caller's clock.
    ///   - generator: the source of the random bits: the system CSPRNG unless a test says otherwise.
    public static func v7(at time: Timestamp, using generator: inout some RandomNumberGenerator) -> UUID {
        let ms = UInt64(max(0, time.milliseconds)) & 0xFFFF_FFFF_FFFF
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for shift in stride(from: 40, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: ms >> UInt64(shift))) }
        bytes.append(0x70 | UInt8(truncatingIfNeeded: high >> 8) & 0x0F)  // version 7 + 4 random bits
        bytes.append(UInt8(truncatingIfNeeded: high))  // 8 random bits
        bytes.append(0x80 | UInt8(truncatingIfNeeded: low >> 56) & 0x3F)  // variant 10 + 6 random bits
        for shift in stride(from: 48, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A UUID version 7 with random bits from the system CSPRNG.
    public static func v7(at time: Timestamp) -> UUID {
        var generator = CSPRNG()
        return v7(at: time, using: &generator)
    }

    /// The millisecond timestamp of a version 7 UUID.
    public var v7Timestamp: Timestamp {
        let u = uuid
        let ms = [u.0, u.1, u.2, u.3, u.4, u.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Timestamp(milliseconds: Int64(ms))
    }
}

/// Random bits from the kernel's CSPRNG (`getrandom`, through the C library's
/// `arc4random_buf`), read 4 KiB at a time: one system call per 256 ids instead of two per id.
///
/// > Important: a child process that forks without exec shares the unread bytes; sessiond
/// > never forks without exec.
struct CSPRNG: RandomNumberGenerator {
    private static let pool = Mutex(RandomPool())

    private struct RandomPool: ~Copyable {
        var bytes = [UInt64](repeating: 0, count: 512)
        var next = 512

        mutating func take() -> UInt64 {
            if next == bytes.count {
                bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
                next = 0
            }
            defer {
                bytes[next] = 0  // never hand out the same bits twice
                next += 1
            }
            return bytes[next]
        }
    }

    mutating func next() -> UInt64 {
        Self.pool.withLock { $0.take() }
    }
}

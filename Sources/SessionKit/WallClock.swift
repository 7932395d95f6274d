#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import SessionCore

/// Where the engine reads the time: the system clock, or a clock a test moves by hand.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

/// The system's real-time clock, in milliseconds.
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

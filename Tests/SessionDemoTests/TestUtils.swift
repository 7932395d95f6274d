import SessionCore

/// Fixed instants: the scenarios never read the clock.
enum T {
    /// 2023-11-14T22:13:20.000Z.
    static let t0 = Timestamp(milliseconds: 1_700_000_000_000)

    /// `t0` plus `ms` milliseconds.
    static func at(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: t0.milliseconds + ms) }
}

package import SessionCore

/// How fast a simulated session moves, and which policy it asks for.
///
/// A history spreads a session over minutes and lets the player sweep at the deadlines; live
/// sessions move in seconds, with short timeouts the server's own sweeper enforces.
package struct DemoPacing: Sendable {
    /// Conversation turns are the application's times this: live sessions last longer, so fewer start.
    package var turnScale: Int
    /// Milliseconds between two turns of a conversation.
    package var turnGap: ClosedRange<Int64>
    /// Milliseconds between a turn's events, each appended on its own; `nil` appends a turn as one batch.
    package var eventGap: ClosedRange<Int64>?
    /// A pause long enough for the session to go idle.
    package var idleGap: ClosedRange<Int64>
    /// How long a suspended session stays suspended.
    package var suspendGap: ClosedRange<Int64>
    /// From creation to the first turn, and from the last turn to the end.
    package var settle: ClosedRange<Int64>
    /// The policy of every session (editors add ``heartbeatInterval``).
    package var policy: SessionPolicy
    package var heartbeatInterval: Duration
    /// Whether the steps include the sweeps that make deadlines pass (a history), or leave
    /// that to the server's sweeper (live).
    package var sweeps: Bool

    /// Sessions of the past: minutes between turns, one batch per turn, the default policy.
    package static let history = DemoPacing(
        turnScale: 1, turnGap: 20_000...180_000, eventGap: nil, idleGap: 360_000...1_200_000, suspendGap: 600_000...3_600_000,
        settle: 1_000...8_000, policy: SessionPolicy(), heartbeatInterval: .seconds(60), sweeps: true)

    /// Sessions happening now: three times the turns, seconds between them, idle after 8 s,
    /// expired after 45 s, at most 10 minutes, so what a stopped demo leaves behind ends soon.
    package static let live = DemoPacing(
        turnScale: 3, turnGap: 1_500...5_000, eventGap: 150...900, idleGap: 12_000...25_000, suspendGap: 4_000...10_000,
        settle: 200...800, policy: SessionPolicy(idleAfter: .seconds(8), expireAfter: .seconds(45), maxDuration: .seconds(600)),
        heartbeatInterval: .seconds(3), sweeps: false)
}

import Foundation
import SessionCore
import Testing

/// Fixed instants: tests never read the clock.
enum T {
    /// 2023-11-14T22:13:20.000Z.
    static let t0 = Timestamp(milliseconds: 1_700_000_000_000)

    /// `t0` plus `ms` milliseconds.
    static func at(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: t0.milliseconds + ms) }

    /// `t0` plus `s` seconds.
    static func sec(_ s: Int64) -> Timestamp { at(s * 1000) }
}

/// Fixed ids.
enum IDs {
    static let session = UUID(uuidString: "018BCFE5-6800-7000-8000-000000000001")!
    static let parent = UUID(uuidString: "018BCFE5-6800-7000-8000-000000000002")!
    static let child = UUID(uuidString: "018BCFE5-6800-7000-8000-000000000003")!
    static let event = UUID(uuidString: "018BCFE5-6800-7abc-9def-0123456789ab")!
}

extension Session {
    /// A session in `status`, created at `createdAt`, with activity, heartbeat and warnings as given.
    static func stub(
        id: UUID = IDs.session,
        status: SessionStatus = .active,
        createdAt: Timestamp = T.t0,
        lastActivityAt: Timestamp? = nil,
        lastHeartbeatAt: Timestamp? = nil,
        policy: SessionPolicy = SessionPolicy(),
        warningsSent: Int = 0,
        depth: Int = 0,
        context: JSONValue = .emptyObject,
        application: String = "test-app"
    ) -> Session {
        var session = Session(
            id: id,
            depth: depth,
            application: application,
            status: status,
            createdAt: createdAt,
            context: context,
            policy: policy
        )
        session.lastActivityAt = lastActivityAt ?? createdAt
        session.lastHeartbeatAt = lastHeartbeatAt
        session.tracking.warningsSent = warningsSent
        return session
    }
}

extension SessionChangeBuilder {
    /// A builder at `now` with reproducible ids.
    static func stub(_ session: Session, now: Timestamp, snapshotInterval: Int64 = 256, seed: UInt64 = 42) -> SessionChangeBuilder {
        SessionChangeBuilder(session: session, now: now, snapshotInterval: snapshotInterval, ids: .seeded(seed))
    }
}

/// Creates a started root session through the builder, as the engine does.
func createSession(
    id: UUID = IDs.session,
    spec: SessionSpec = SessionSpec(application: "test-app"),
    at now: Timestamp = T.t0,
    snapshotInterval: Int64 = 256,
    seed: UInt64 = 1
) throws -> SessionChange {
    try SessionChangeBuilder.create(
        id: id,
        spec: spec,
        parent: nil,
        now: now,
        snapshotInterval: snapshotInterval,
        ids: .seeded(seed)
    )
}

/// The state obtained by folding the state deltas of `events` from an empty object.
func fold(_ events: some Sequence<SessionEvent>, from state: JSONValue = .emptyObject) -> JSONValue {
    events.reduce(state) { state, event in event.stateDelta.map { JSONMergePatch.apply($0, to: state) } ?? state }
}

/// A short text for a decision, so tables read as what the sweeper does:
/// `""` (nothing), `idle`, `warn1` (point index), `idle+warn0`, `expire:idle_timeout`, `heartbeat_lost:heartbeat_lost`.
func summary(_ decision: SweepDecision) -> String {
    if let end = decision.end { return "\(end.trigger.rawValue):\(end.reason)" }
    var parts: [String] = []
    if decision.goIdle { parts.append("idle") }
    if let warning = decision.warning { parts.append("warn\(warning.pointIndex)") }
    return parts.joined(separator: "+")
}

/// Policies of the tables: default timeouts (idle 5 min, expire 1 h, warnings at 50/80/95% = 1800 s, 2880 s, 3420 s).
enum Policies {
    static let standard = SessionPolicy()
    static let heartbeat10s = SessionPolicy(heartbeatInterval: .seconds(10))
    static let max2h = SessionPolicy(maxDuration: .seconds(7200))
    static let heartbeat20min = SessionPolicy(heartbeatInterval: .seconds(1200))
    static let maxAndHeartbeat = SessionPolicy(maxDuration: .seconds(60), heartbeatInterval: .seconds(10))
    static let noWarnings = SessionPolicy(warnAt: [])
}

/// `[[[…]]]` nested `depth` levels around `leaf`.
func nested(_ depth: Int, leaf: JSONValue = 1) -> JSONValue {
    (0..<depth).reduce(leaf) { inner, _ in .array([inner]) }
}

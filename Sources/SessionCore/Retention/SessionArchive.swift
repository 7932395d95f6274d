/// A session's events and snapshots as retention moves them to deep storage: JSON Lines, one
/// object per line, in the shape of a user export:
///
/// ```
/// {"kind": "session", "session": {…}, "chain_head": "…"}   the session as archived, its last hash
/// {"kind": "event", "event": {…}}              every event, in seq order, with position and hash
/// {"kind": "snapshot", "snapshot": {…}}        every snapshot, in seq order
/// ```
///
/// The events carry their hash chain, so an archive checks itself (``verification``) and a
/// restored session passes `sessiond verify`. With encryption at rest the payloads are sealed
/// as in the store (``sealed(_:)``; the session line says `"sealed": true`), so destroying a
/// user's keys leaves their archives unreadable too.
public struct SessionArchive: Sendable, Hashable {
    public var session: Session
    public var events: [SessionEvent]
    public var snapshots: [SessionSnapshot]
    /// Whether the payloads are sealed strings (see ``sealed(_:)``).
    public var isSealed: Bool

    public init(session: Session, events: [SessionEvent], snapshots: [SessionSnapshot], isSealed: Bool = false) {
        self.session = session
        self.events = events
        self.snapshots = snapshots
        self.isSealed = isSealed
    }

    /// The JSON Lines form.
    public func jsonLines() -> [UInt8] {
        var out: [UInt8] = []
        func line(_ value: JSONValue) {
            JSONWriter.write(value, into: &out)
            out.append(UInt8(ascii: "\n"))
        }
        var head: [String: JSONValue] = ["kind": "session", "session": session.json(), "chain_head": .string(session.lastHash)]
        if isSealed { head["sealed"] = .bool(true) }
        line(.object(head))
        for event in events { line(["kind": "event", "event": event.json]) }
        for snapshot in snapshots { line(["kind": "snapshot", "snapshot": snapshot.json]) }
        return out
    }

    /// Reads the JSON Lines form; a line of another session, or out of seq order, is `invalid_argument`.
    public init(jsonLines bytes: [UInt8]) throws(SessionError) {
        let limits = JSONParser.Limits(maxDepth: 256, maxBytes: 64 << 20, maxStringBytes: 64 << 20)
        var session: Session?
        var isSealed = false
        var events: [SessionEvent] = []
        var snapshots: [SessionSnapshot] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            let o = try JSONFields(try JSONParser.parse(Array(line), limits: limits), what: "archive line \(number + 1)")
            switch try o.string("kind") {
            case "session" where session == nil && number == 0:
                var read = try Session(json: o["session"] ?? .null)
                read.lastHash = try o.string("chain_head") ?? read.lastHash
                session = read
                isSealed = try o.bool("sealed") ?? false
            case "event":
                let event = try SessionEvent(json: o["event"] ?? .null)
                guard event.sessionID == session?.id, event.seq == (events.last?.seq ?? 0) + 1 else {
                    throw SessionError(.invalidArgument, "archive line \(number + 1): event out of order or of another session")
                }
                events.append(event)
            case "snapshot":
                let snapshot = try SessionSnapshot(json: o["snapshot"] ?? .null)
                guard snapshot.sessionID == session?.id else {
                    throw SessionError(.invalidArgument, "archive line \(number + 1): snapshot of another session")
                }
                snapshots.append(snapshot)
            default:
                throw SessionError(.invalidArgument, "archive line \(number + 1): expected a session line first, then events and snapshots")
            }
        }
        guard let session else { throw SessionError(.invalidArgument, "the archive is empty") }
        self.init(session: session, events: events, snapshots: snapshots, isSealed: isSealed)
    }

    /// The archived chain checked from the first event to the session's head.
    public var verification: EventHash.Verification {
        let result = EventHash.verify(events, after: EventHash.genesis, expectedSeq: 1)
        guard result.isIntact else { return result }
        if (events.last?.seq ?? 0) != session.lastSeq || result.lastHash != session.lastHash {
            return EventHash.Verification(
                checked: result.checked, firstBrokenSeq: (events.last?.seq ?? 0) + 1, problem: "the archive ends before the session's chain head",
                lastHash: result.lastHash)
        }
        return result
    }
}

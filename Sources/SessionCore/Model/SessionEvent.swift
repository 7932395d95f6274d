#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A stored event: immutable once written.
public struct SessionEvent: Sendable, Hashable, Identifiable {
    public var id: UUID
    public var sessionID: UUID
    /// 1, 2, 3 … per session, without gaps.
    public var seq: Int64
    /// Store-wide and increasing; assigned by the store when the event is written (0 before).
    public var position: Int64
    /// Dotted type such as `tool.call`; `session.*` is the engine's.
    public var type: String
    public var time: Timestamp
    public var data: JSONValue
    /// A JSON Merge Patch applied to the session's state.
    public var stateDelta: JSONValue?
    /// The patch that undoes ``stateDelta`` on the state before it.
    public var inverseDelta: JSONValue?
    public var source: String?
    public var idempotencyKey: String?
    public var correlationID: String?
    public var causationID: String?
    public var traceID: String?
    public var spanID: String?
    /// SHA-256 (hex) over the previous event's hash and this event's canonical form.
    public var hash: String
    /// What the redaction pipeline took out of `data` and `state_delta` (or, on engine events,
    /// out of the context, labels, metadata or reason they record): paths and rules, never values.
    public var redactions: [Redaction]

    public init(
        id: UUID, sessionID: UUID, seq: Int64, position: Int64 = 0, type: String, time: Timestamp,
        data: JSONValue = .emptyObject, stateDelta: JSONValue? = nil, inverseDelta: JSONValue? = nil,
        source: String? = nil, idempotencyKey: String? = nil, correlationID: String? = nil,
        causationID: String? = nil, traceID: String? = nil, spanID: String? = nil, hash: String = "",
        redactions: [Redaction] = []
    ) {
        self.id = id
        self.sessionID = sessionID
        self.seq = seq
        self.position = position
        self.type = type
        self.time = time
        self.data = data
        self.stateDelta = stateDelta
        self.inverseDelta = inverseDelta
        self.source = source
        self.idempotencyKey = idempotencyKey
        self.correlationID = correlationID
        self.causationID = causationID
        self.traceID = traceID
        self.spanID = spanID
        self.hash = hash
        self.redactions = redactions
    }
}

/// An event as a client submits it, before the engine numbers, chains and stores it.
public struct NewEvent: Sendable, Hashable {
    public var type: String
    public var data: JSONValue
    public var stateDelta: JSONValue?
    public var source: String?
    public var idempotencyKey: String?
    public var correlationID: String?
    public var causationID: String?
    public var traceID: String?
    public var spanID: String?
    /// Set by the engine's redaction pipeline, not by clients (see ``SessionEvent/redactions``).
    public var redactions: [Redaction]

    public init(
        type: String, data: JSONValue = .emptyObject, stateDelta: JSONValue? = nil, source: String? = nil,
        idempotencyKey: String? = nil, correlationID: String? = nil, causationID: String? = nil,
        traceID: String? = nil, spanID: String? = nil, redactions: [Redaction] = []
    ) {
        self.type = type
        self.data = data
        self.stateDelta = stateDelta
        self.source = source
        self.idempotencyKey = idempotencyKey
        self.correlationID = correlationID
        self.causationID = causationID
        self.traceID = traceID
        self.spanID = spanID
        self.redactions = redactions
    }
}

/// A session's state at one sequence number.
public struct SessionSnapshot: Sendable, Hashable {
    public var sessionID: UUID
    public var seq: Int64
    public var state: JSONValue
    public var createdAt: Timestamp

    public init(sessionID: UUID, seq: Int64, state: JSONValue, createdAt: Timestamp) {
        self.sessionID = sessionID
        self.seq = seq
        self.state = state
        self.createdAt = createdAt
    }
}

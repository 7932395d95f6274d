#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif
package import SessionCore

/// A session as flat column values, the same for every backend.
package struct SessionRecord: Sendable {
    package var id: UUID
    package var parentID: UUID?
    package var rootID: UUID
    package var depth: Int64
    package var externalID: String?
    package var userID: String?
    package var application: String
    package var projectKey: String?
    package var status: String
    package var endReason: String?
    package var outcome: String?
    package var createdAt: Int64
    package var updatedAt: Int64
    package var lastActivityAt: Int64
    package var lastHeartbeatAt: Int64?
    package var endedAt: Int64?
    /// When the sweeper must look at the session next; `nil` once it has ended.
    package var nextCheckAt: Int64?
    package var lastSeq: Int64
    package var lastHash: String
    package var context: String
    package var effectiveContext: String
    package var labels: String
    package var metadata: String
    package var policy: String
    package var state: String
    package var counters: String
    package var tracking: String
    package var metrics: String?

    package init(
        id: UUID, parentID: UUID?, rootID: UUID, depth: Int64, externalID: String?, userID: String?,
        application: String, projectKey: String?, status: String, endReason: String?, outcome: String?,
        createdAt: Int64, updatedAt: Int64, lastActivityAt: Int64, lastHeartbeatAt: Int64?, endedAt: Int64?,
        nextCheckAt: Int64?, lastSeq: Int64, lastHash: String, context: String, effectiveContext: String,
        labels: String, metadata: String, policy: String, state: String, counters: String, tracking: String,
        metrics: String?
    ) {
        self.id = id
        self.parentID = parentID
        self.rootID = rootID
        self.depth = depth
        self.externalID = externalID
        self.userID = userID
        self.application = application
        self.projectKey = projectKey
        self.status = status
        self.endReason = endReason
        self.outcome = outcome
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastActivityAt = lastActivityAt
        self.lastHeartbeatAt = lastHeartbeatAt
        self.endedAt = endedAt
        self.nextCheckAt = nextCheckAt
        self.lastSeq = lastSeq
        self.lastHash = lastHash
        self.context = context
        self.effectiveContext = effectiveContext
        self.labels = labels
        self.metadata = metadata
        self.policy = policy
        self.state = state
        self.counters = counters
        self.tracking = tracking
        self.metrics = metrics
    }

    package init(_ s: Session) {
        self.init(
            id: s.id, parentID: s.parentID, rootID: s.rootID, depth: Int64(s.depth), externalID: s.externalID,
            userID: s.userID, application: s.application, projectKey: s.projectKey, status: s.status.rawValue,
            endReason: s.endReason, outcome: s.outcome?.rawValue, createdAt: s.createdAt.milliseconds,
            updatedAt: s.updatedAt.milliseconds, lastActivityAt: s.lastActivityAt.milliseconds,
            lastHeartbeatAt: s.lastHeartbeatAt?.milliseconds, endedAt: s.endedAt?.milliseconds,
            nextCheckAt: SweepDecision.nextCheck(s)?.milliseconds, lastSeq: s.lastSeq, lastHash: s.lastHash,
            context: JSONWriter.string(s.context), effectiveContext: JSONWriter.string(s.effectiveContext),
            labels: JSONWriter.string(.object(s.labels.mapValues(JSONValue.string))),
            metadata: JSONWriter.string(s.metadata), policy: JSONWriter.string(s.policy.json),
            state: JSONWriter.string(s.state), counters: JSONWriter.string(s.counters.json),
            tracking: JSONWriter.string(s.tracking.json), metrics: s.finalMetrics.map { JSONWriter.string($0.json) })
    }

    package func session() throws -> Session {
        guard let status = SessionStatus(rawValue: status) else {
            throw SessionStoreError(.corrupted, "session \(id.lowercased) has an unknown status")
        }
        func json(_ text: String) throws -> JSONValue {
            do { return try JSONParser.parse(text) } catch {
                throw SessionStoreError(.corrupted, "session \(id.lowercased) has unreadable JSON", underlying: error)
            }
        }
        var labelMap: [String: String] = [:]
        for (key, value) in try json(labels).objectValue ?? [:] { labelMap[key] = value.stringValue ?? "" }
        var s = Session(
            id: id, parentID: parentID, rootID: rootID, depth: Int(depth), externalID: externalID, userID: userID,
            application: application, projectKey: projectKey, status: status,
            createdAt: Timestamp(milliseconds: createdAt), context: try json(context),
            effectiveContext: try json(effectiveContext), labels: labelMap, metadata: try json(metadata),
            policy: try SessionPolicy(json: try json(policy)))
        s.endReason = endReason
        s.outcome = outcome.flatMap(SessionOutcome.init(rawValue:))
        s.updatedAt = Timestamp(milliseconds: updatedAt)
        s.lastActivityAt = Timestamp(milliseconds: lastActivityAt)
        s.lastHeartbeatAt = lastHeartbeatAt.map(Timestamp.init(milliseconds:))
        s.endedAt = endedAt.map(Timestamp.init(milliseconds:))
        s.lastSeq = lastSeq
        s.lastHash = lastHash
        s.state = try json(state)
        s.counters = SessionCounters(json: try json(counters))
        s.tracking = SessionTracking(json: try json(tracking))
        if let metrics { s.finalMetrics = SessionMetrics(json: try json(metrics)) }
        return s
    }
}

/// An event as flat column values, the same for every backend.
package struct EventRecord: Sendable {
    package var id: UUID
    package var sessionID: UUID
    package var seq: Int64
    package var position: Int64
    package var type: String
    package var time: Int64
    package var data: String
    package var stateDelta: String?
    package var inverseDelta: String?
    package var source: String?
    package var idempotencyKey: String?
    package var correlationID: String?
    package var causationID: String?
    package var traceID: String?
    package var spanID: String?
    package var hash: String
    /// The redactions as a JSON array, or `nil` for none.
    package var redactions: String?
    /// Whether the payload was sealed under a destroyed key: the event reads with `null` data,
    /// no deltas, and a redaction of `data` by the rule `erased`.
    package var erased = false

    package init(
        id: UUID, sessionID: UUID, seq: Int64, position: Int64, type: String, time: Int64, data: String,
        stateDelta: String?, inverseDelta: String?, source: String?, idempotencyKey: String?,
        correlationID: String?, causationID: String?, traceID: String?, spanID: String?, hash: String,
        redactions: String? = nil
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

    package init(_ e: SessionEvent) {
        self.init(
            id: e.id, sessionID: e.sessionID, seq: e.seq, position: e.position, type: e.type,
            time: e.time.milliseconds, data: JSONWriter.string(e.data), stateDelta: e.stateDelta.map(JSONWriter.string),
            inverseDelta: e.inverseDelta.map(JSONWriter.string), source: e.source, idempotencyKey: e.idempotencyKey,
            correlationID: e.correlationID, causationID: e.causationID, traceID: e.traceID, spanID: e.spanID,
            hash: e.hash, redactions: Self.redactionsText(e.redactions))
    }

    package func event() throws -> SessionEvent {
        func json(_ text: String) throws -> JSONValue {
            do { return try JSONParser.parse(text) } catch {
                throw SessionStoreError(.corrupted, "event \(seq) of session \(sessionID.lowercased) has unreadable JSON", underlying: error)
            }
        }
        return SessionEvent(
            id: id, sessionID: sessionID, seq: seq, position: position, type: type,
            time: Timestamp(milliseconds: time), data: try json(data), stateDelta: try stateDelta.map(json),
            inverseDelta: try inverseDelta.map(json), source: source, idempotencyKey: idempotencyKey,
            correlationID: correlationID, causationID: causationID, traceID: traceID, spanID: spanID, hash: hash,
            redactions: (try redactions.map(redactions(_:)) ?? []) + (erased ? [Redaction(path: "data", rule: PayloadField.erasedRule)] : []))
    }

    private func redactions(_ text: String) throws -> [Redaction] {
        do {
            guard case .array(let items) = try JSONParser.parse(text) else { throw SessionError(.invalidArgument, "not an array") }
            return try items.map { item throws(SessionError) in try Redaction(json: item) }
        } catch {
            throw SessionStoreError(.corrupted, "event \(seq) of session \(sessionID.lowercased) has unreadable redactions", underlying: error)
        }
    }

    /// The redactions column: a JSON array, or `nil` for none.
    package static func redactionsText(_ redactions: [Redaction]) -> String? {
        redactions.isEmpty ? nil : JSONWriter.string(.array(redactions.map(\.json)))
    }
}

public import Foundation
public import SessionCore
import SessionStore

extension SessionManager {
    /// The session an import writes a transcript into: the one its external id names (made by
    /// hooks or an earlier import), or a new one created at the file's first time.
    public func importSession(
        kind: AssistantKind, externalID: String, parentID: UUID?, createdAt: Timestamp, userID: String?, context: JSONValue, labels: [String: String]
    ) async throws -> Session {
        if let session = try await store.session(application: kind.application, externalID: externalID) { return session }
        var spec = SessionSpec(application: kind.application, userID: userID, externalID: externalID, context: context, labels: labels, policy: HookOptions().policy)
        spec.labels["assistant"] = kind.rawValue
        do {
            return try await create(spec, parentID: parentID, at: createdAt)
        } catch let error as SessionError where error.code == .duplicateExternalID {
            guard let session = try await store.session(application: kind.application, externalID: externalID) else { throw error }
            return session
        }
    }

    /// Appends imported events with their own times, skipping those already stored (by
    /// idempotency key), reopening the session if it had ended (unless `reopen` is false: late
    /// telemetry belongs to the session it describes without starting it again); `progress` goes
    /// into the state with the last event (`assistant.import`), so the next import knows where
    /// the file stood. Returns how many events were new.
    public func importEvents(
        _ id: UUID, _ reads: [TranscriptRead], progress: JSONValue?, progressKey: String = "import", reopen: Bool = true
    ) async throws -> Int {
        guard !reads.isEmpty else { return 0 }
        var events = try await redacted(reads.map(\.event), session: id)
        for (index, event) in events.enumerated() { try configuration.limits.validate(event, index: index) }
        if let progress, !events.isEmpty { events[events.count - 1].stateDelta = ["assistant": .object([progressKey: progress])] }
        let times = reads.map(\.time)
        let keys = events.compactMap(\.idempotencyKey)
        let batch = events
        let change = try await update(id, idempotencyKeys: keys) { builder, existing in
            let fresh = zip(batch, times).filter { event, _ in event.idempotencyKey.map { existing[$0] == nil } ?? true }
            guard !fresh.isEmpty else { return }
            if builder.session.status == .archived { throw SessionError(.sessionEnded, "session is archived; it takes no more events") }
            if reopen, builder.session.status.hasEnded { try builder.transition(.reopen, reason: "transcript_grew") }
            for (event, time) in fresh { builder.record(event, at: time) }  // the fold moves last activity to the newest time
        }
        try await afterChange(change)
        return change.events.filter { !EngineEventType.isEngine($0.type) }.count
    }

    /// Reopens an imported session that ended, so that a subagent file found later can be its child.
    public func reopenImported(_ id: UUID) async throws {
        let change = try await update(id) { builder, _ in
            if builder.session.status.hasEnded { try builder.transition(.reopen, reason: "transcript_grew") }
        }
        try await afterChange(change)
    }

    /// Ends an imported session whose file went quiet long ago (past its policy's `expire_after`)
    /// as completed, reason `transcript_ended`, at its last line's time. A session hooks also
    /// record is left to them.
    public func endImported(_ id: UUID, lastAt: Timestamp) async throws {
        let session = try await session(id)
        guard session.status.isLive, session.labels["recorded_by"] == "transcript",
            let expireAfter = session.policy.expireAfter, clock.now().milliseconds(since: lastAt) > expireAfter.milliseconds
        else { return }
        let change = try await update(id, at: max(lastAt, session.lastActivityAt)) { builder, _ in
            guard builder.session.status.isLive else { return }
            try builder.transition(.end, reason: "transcript_ended")
        }
        try await afterChange(change)
    }
}

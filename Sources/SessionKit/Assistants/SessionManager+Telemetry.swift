import Foundation
public import SessionCore

extension SessionManager {
    /// What an OTLP export did: records stored, already stored (an exporter's retry), rejected.
    public struct TelemetryResult: Sendable, Hashable {
        public var stored = 0
        public var duplicates = 0
        public var rejected = 0
    }

    /// Records OTLP log records or metric points (``TelemetryLogs``, ``TelemetryMetrics``) on
    /// their sessions, `claude-code:<session.id>` and the like: the session hooks or an import
    /// made, or a new one (label `recorded_by=telemetry`) starting at the first record. Records
    /// arriving after the session ended (the CLI flushes at exit, after SessionEnd) are stored
    /// in it without reopening it. A session that is archived, or a record the limits refuse, is
    /// rejected; the others are stored.
    public func recordTelemetry(_ records: [TelemetryRecord], userID: String?) async -> TelemetryResult {
        var result = TelemetryResult()
        var groups: [String: [TelemetryRecord]] = [:]
        var order: [String] = []
        for record in records {
            let reference = record.kind.rawValue + ":" + record.sessionID
            if groups[reference] == nil { order.append(reference) }
            groups[reference, default: []].append(record)
        }
        for reference in order {
            let group = groups[reference] ?? []
            guard let first = group.first else { continue }
            do {
                let session = try await importSession(
                    kind: first.kind, externalID: first.sessionID, parentID: nil, createdAt: group.map(\.time).min() ?? first.time, userID: userID,
                    context: ["assistant": ["name": .string(first.kind.rawValue), "session_id": .string(first.sessionID)]],
                    labels: ["recorded_by": "telemetry"])
                let stored = try await importEvents(session.id, group.map { TranscriptRead(time: $0.time, event: $0.event) }, progress: nil, reopen: false)
                result.stored += stored
                result.duplicates += group.count - stored
            } catch {
                result.rejected += group.count
            }
        }
        return result
    }
}

public import Foundation
import GRDB
public import SessionCore
import SessionStore

// MARK: - AlertStore

extension SQLiteSessionStore {
    static let alertColumns = "id, rule, subject, severity, state, summary, value, threshold, started_at, resolved_at, labels"

    static func alert(_ row: Row) throws -> Alert {
        guard let id = UUID(uuidString: row[0]), let state = AlertState(rawValue: row[4]) else {
            throw SessionStoreError(.corrupted, "an alert row is unreadable")
        }
        return Alert(
            id: id, rule: row[1], key: row[2], severity: AlertSeverity(row[3]), state: state, summary: row[5], value: row[6],
            threshold: row[7], startedAt: Timestamp(milliseconds: row[8]), resolvedAt: (row[9] as Int64?).map(Timestamp.init(milliseconds:)),
            labels: try AlertLabels.decode(row[10]))
    }

    public func recordFiring(_ alert: Alert) async throws -> Bool {
        let labels = AlertLabels.encode(alert.labels)
        return try await write { db in
            // OR IGNORE: the partial unique index `alerts_firing` refuses a second firing alert.
            try db.execute(
                sql: "INSERT OR IGNORE INTO alerts (\(Self.alertColumns)) VALUES (?, ?, ?, ?, 'firing', ?, ?, ?, ?, NULL, ?)",
                arguments: [
                    alert.id.lowercased, alert.rule, alert.key, alert.severity.rawValue, alert.summary, alert.value, alert.threshold,
                    alert.startedAt.milliseconds, labels,
                ])
            return db.changesCount > 0
        }
    }

    public func resolveAlert(id: UUID, at time: Timestamp) async throws -> Alert? {
        try await write { db in
            try db.execute(
                sql: "UPDATE alerts SET state = 'resolved', resolved_at = ? WHERE id = ? AND state = 'firing'",
                arguments: [time.milliseconds, id.lowercased])
            guard db.changesCount > 0 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT \(Self.alertColumns) FROM alerts WHERE id = ?", arguments: [id.lowercased]).map(Self.alert)
        }
    }

    public func alerts(state: AlertState?, before: UUID?, limit: Int) async throws -> [Alert] {
        try PageLimit.check(limit)
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let state {
            conditions.append("state = ?")
            values.append(state.rawValue)
        }
        if let before {
            conditions.append("id < ?")
            values.append(before.lowercased)
        }
        values.append(limit)
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let arguments = StatementArguments(values)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.alertColumns) FROM alerts \(whereClause) ORDER BY id DESC LIMIT ?", arguments: arguments)
                .map(Self.alert)
        }
    }

    public func withAlertLease<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T? {
        try await body()
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PostgresNIO
public import SessionCore
import SessionStore

// MARK: - AlertStore

extension PostgresSessionStore {
    static let alertColumns = "id, rule, subject, severity, state, summary, value, threshold, started_at, resolved_at, labels"

    /// `pg_try_advisory_lock(class, hashtext(schema || '.alerts'))`: one alert evaluator per schema.
    static let alertLockClass: Int32 = 0x616C_7274  // "alrt"

    static func alert(_ row: PostgresRow) throws -> Alert {
        let v: (UUID, String, String, String, String, String, Double, Double, Int64, Int64?, String)
        do {
            v = try row.decode((UUID, String, String, String, String, String, Double, Double, Int64, Int64?, String).self)
        } catch {
            throw SessionStoreError(.corrupted, "an alert row is unreadable", underlying: error)
        }
        guard let state = AlertState(rawValue: v.4) else { throw SessionStoreError(.corrupted, "an alert has an unknown state") }
        return Alert(
            id: v.0, rule: v.1, key: v.2, severity: AlertSeverity(v.3), state: state, summary: v.5, value: v.6, threshold: v.7,
            startedAt: Timestamp(milliseconds: v.8), resolvedAt: v.9.map(Timestamp.init(milliseconds:)), labels: try AlertLabels.decode(v.10))
    }

    public func recordFiring(_ alert: Alert) async throws -> Bool {
        try await !fetch(
            """
            INSERT INTO alerts (\(unescaped: Self.alertColumns))
            VALUES (\(alert.id), \(alert.rule), \(alert.key), \(alert.severity.rawValue), 'firing', \(alert.summary), \(alert.value),
                \(alert.threshold), \(alert.startedAt.milliseconds), NULL, \(AlertLabels.encode(alert.labels)))
            ON CONFLICT DO NOTHING RETURNING id
            """, "cannot record the alert", { try $0.decode(UUID.self) }
        ).isEmpty
    }

    public func resolveAlert(id: UUID, at time: Timestamp) async throws -> Alert? {
        try await fetch(
            """
            UPDATE alerts SET state = 'resolved', resolved_at = \(time.milliseconds) WHERE id = \(id) AND state = 'firing'
            RETURNING \(unescaped: Self.alertColumns)
            """, "cannot resolve the alert", Self.alert
        ).first
    }

    public func alerts(state: AlertState?, before: UUID?, limit: Int) async throws -> [Alert] {
        try PageLimit.check(limit)
        // Null parameters switch a condition off, so one statement serves every combination.
        return try await fetch(
            """
            SELECT \(unescaped: Self.alertColumns) FROM alerts
            WHERE (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
              AND (\(before)::uuid IS NULL OR id < \(before))
            ORDER BY id DESC LIMIT \(limit)
            """, "cannot list alerts", Self.alert)
    }

    public func withAlertLease<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T? {
        try checkOpen()
        let key = (configuration.schema ?? "") + ".alerts"
        do {
            return try await client.withConnection { connection in
                let locked = try await connection.query(
                    "SELECT pg_try_advisory_lock(\(Self.alertLockClass), hashtext(\(key)))", logger: logger
                ).collect().first?.decode(Bool.self) ?? false
                guard locked else { return nil }
                do {
                    let value = try await body()
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.alertLockClass), hashtext(\(key)))", logger: logger)
                    return value
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.alertLockClass), hashtext(\(key)))", logger: logger)
                    throw error
                }
            }
        } catch {
            throw Self.storeError(error, "cannot take the alert evaluation lock")
        }
    }
}

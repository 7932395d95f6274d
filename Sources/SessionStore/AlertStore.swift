#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// Stored alerts (`/v1/alerts`): what the alert evaluator records and the API lists. Both
/// backends conform.
///
/// At most one alert per rule and subject is firing at a time, enforced by the store (a partial
/// unique index), so evaluators of several instances on one database never fire the same alert twice.
public protocol AlertStore: Sendable {
    /// Stores `alert` as firing unless an alert of the same rule and key is already firing.
    ///
    /// - Returns: whether it was stored (false: another evaluation fired it first).
    func recordFiring(_ alert: Alert) async throws -> Bool

    /// Marks the firing alert `id` resolved at `time`.
    ///
    /// - Returns: the resolved alert, or `nil` if no alert `id` is firing (already resolved elsewhere).
    func resolveAlert(id: UUID, at time: Timestamp) async throws -> Alert?

    /// Alerts newest first (by id, which is time-ordered), only those in `state` when given,
    /// older than `before` when given, at most `limit` (1 to 1000).
    func alerts(state: AlertState?, before: UUID?, limit: Int) async throws -> [Alert]

    /// Runs `body` if this process may evaluate alerts now, else returns `nil` without running it.
    ///
    /// PostgreSQL: one instance at a time, by a session advisory lock taken with
    /// `pg_try_advisory_lock` for the length of `body`. SQLite: always runs `body` (one server
    /// per file; the unique firing index still keeps transitions single).
    func withAlertLease<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T?
}

import Foundation
import SessionCore
import SessionStore

/// The redaction step of every write: run before the store sees anything (see
/// ``SessionManager/Configuration/redactor``).
extension SessionManager {
    var redactor: Redactor { configuration.redactor }

    /// The application whose rules apply to writes on `id`: only read when some application
    /// has rules of its own.
    private func application(of id: UUID) async throws -> String {
        guard redactor.hasApplicationOverrides else { return "" }
        return try await store.session(id)?.application ?? ""
    }

    /// The spec with its context, labels and metadata redacted, and what was taken.
    func redacted(_ spec: SessionSpec, parentID: UUID?) async throws -> (SessionSpec, [Redaction]) {
        var application = spec.application ?? ""
        if spec.application == nil, let parentID { application = try await self.application(of: parentID) }
        guard redactor.isEnabled(for: application) else { return (spec, []) }
        var redactions: [Redaction] = []
        var spec = spec
        spec.context = redactor.redact(spec.context, field: "context", application: application, into: &redactions) ?? .emptyObject
        spec.metadata = redactor.redact(spec.metadata, field: "metadata", application: application, into: &redactions) ?? .emptyObject
        spec.labels = redactor.redact(labels: spec.labels, application: application, into: &redactions)
        configuration.metrics.record(redactions)
        return (spec, redactions)
    }

    /// The events with their data and state deltas redacted, each listing what was taken (and
    /// nothing a caller set: `redactions` is the engine's to write).
    func redacted(_ events: [NewEvent], session id: UUID) async throws -> [NewEvent] {
        let application = try await application(of: id)
        var events = events
        guard redactor.isEnabled(for: application) else {
            for index in events.indices { events[index].redactions = [] }
            return events
        }
        for index in events.indices {
            var redactions: [Redaction] = []
            events[index].data = redactor.redact(events[index].data, field: "data", application: application, into: &redactions) ?? .emptyObject
            if let delta = events[index].stateDelta {
                events[index].stateDelta = redactor.redact(delta, field: "state_delta", application: application, into: &redactions) ?? .emptyObject
            }
            events[index].redactions = redactions
            configuration.metrics.record(redactions)
        }
        return events
    }

    /// An end or move reason, redacted.
    func redacted(reason: String?, session id: UUID) async throws -> (String?, [Redaction]) {
        guard let reason else { return (nil, []) }
        let application = try await application(of: id)
        var redactions: [Redaction] = []
        let text = redactor.redact(text: reason, field: "reason", application: application, into: &redactions) ?? "[REDACTED]"
        configuration.metrics.record(redactions)
        return (text, redactions)
    }
}

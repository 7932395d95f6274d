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
        var redactions: [Redaction] = []
        var spec = spec
        if redactor.isEnabled(for: application) {
            spec.context = redactor.redact(spec.context, field: "context", application: application, into: &redactions) ?? .emptyObject
            spec.metadata = redactor.redact(spec.metadata, field: "metadata", application: application, into: &redactions) ?? .emptyObject
            spec.labels = redactor.redact(labels: spec.labels, application: application, into: &redactions)
            if let state = spec.state {
                spec.state = redactor.redact(state, field: "state", application: application, into: &redactions) ?? .emptyObject
            }
        }
        if configuration.consent != nil {
            var user = spec.userID
            if user == nil, let parentID { user = try await store.session(parentID)?.userID }
            if let filter = try await consentFilter(userID: user) {
                let redactor = self.redactor
                filter.apply(&spec, redactions: &redactions) { redactor.pseudonym($0, rule: "consent") }
            }
        }
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
            return try await consented(events, session: id)
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
        return try await consented(events, session: id)
    }

    /// The events as the session's user consented to (see ``Configuration/consent``).
    private func consented(_ events: [NewEvent], session id: UUID) async throws -> [NewEvent] {
        guard configuration.consent != nil, let filter = try await consentFilter(userID: try await store.session(id)?.userID) else { return events }
        var events = events
        for index in events.indices {
            let before = events[index].redactions.count
            filter.apply(&events[index])
            configuration.metrics.record(Array(events[index].redactions[before...]))
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

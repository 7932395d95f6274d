import Foundation
import Logging
import SessionCore
import SessionStore
import Tracing

extension SessionManager {
    /// Events without trace ids of their own get the current span's, so each links to the
    /// request that wrote it.
    static func linkedToCurrentSpan(_ events: [NewEvent]) -> [NewEvent] {
        guard TracingState.isEnabled, events.contains(where: { $0.traceID == nil }), let trace = TraceContext.current else { return events }
        return events.map { event in
            guard event.traceID == nil else { return event }
            var linked = event
            linked.traceID = trace.traceID
            linked.spanID = trace.spanID
            return linked
        }
    }

    /// After any commit: wake live streams, record metrics, log each lifecycle change.
    func committed(_ change: SessionChange) {
        guard !change.events.isEmpty else { return }
        changes.notify()
        configuration.metrics.record(change)
        for transition in change.transitions {
            logger.info(
                "session transitioned",
                metadata: [
                    "session.id": "\(change.session.id.lowercased)", "session.application": "\(change.session.application)",
                    "session.from": "\(transition.from.rawValue)", "session.state": "\(transition.to.rawValue)",
                    "session.trigger": "\(transition.trigger.rawValue)",
                ])
        }
    }

    /// Runs a store operation, recording its latency (and failure) under `operation`.
    func measure<T>(_ operation: String, session id: UUID? = nil, _ body: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer {
            logger.debug(
                "store operation",
                metadata: ["store.operation": "\(operation)", "store.backend": "\(store.backend)", "store.duration": "\(ContinuousClock.now - started)"])
        }
        guard TracingState.isEnabled else { return try await configuration.metrics.measure(operation, backend: store.backend, clock: clock, body) }
        // A span per store operation, under the request's span when there is one. Not bound as
        // the task's context: nothing below makes spans, and binding costs a task-local push.
        let span = TracingState.startSpan("store.\(operation)", ofKind: .client)
        defer { span.end() }
        if span.isRecording {
            var attributes: SpanAttributes = [:]  // one assignment: each copies the span's attributes
            attributes["db.system.name"] = store.backend
            if let id { attributes["session.id"] = id.lowercased }
            span.attributes = attributes
        }
        do {
            return try await configuration.metrics.measure(operation, backend: store.backend, clock: clock, body)
        } catch {
            span.recordError(error)
            throw error
        }
    }
}

/// What an engine operation did to a session, as the builder knew it: a typed value next to the
/// event it also wrote, so logs, metrics and the sweep report never parse event JSON back.
///
/// ``SessionChange/facts`` lists them in the order they happened. New cases may be added.
public enum SessionFact: Sendable, Hashable {
    /// The session was created.
    case created
    /// The lifecycle moved (`session.state_changed`).
    case transitioned(SessionTransition)
    /// The end flow ran (`session.ended`), after the transition that ended the session.
    case ended(trigger: SessionLifecycle.Trigger, outcome: SessionOutcome?)
    /// The sweeper warned of an expiry (`session.timeout_warning`).
    case warned(SweepDecision.Warning)
    /// A client reattached (`session.recovered`).
    case recovered
}

/// One move of the lifecycle.
public struct SessionTransition: Sendable, Hashable {
    public var from: SessionStatus
    public var to: SessionStatus
    public var trigger: SessionLifecycle.Trigger
    /// The reason recorded with it, if any.
    public var reason: String?

    public init(from: SessionStatus, to: SessionStatus, trigger: SessionLifecycle.Trigger, reason: String?) {
        self.from = from
        self.to = to
        self.trigger = trigger
        self.reason = reason
    }
}

extension SessionChange {
    /// The transitions of this change, in order.
    public var transitions: [SessionTransition] {
        facts.compactMap { if case .transitioned(let transition) = $0 { transition } else { nil } }
    }

    /// Whether this change ran the end flow.
    public var ended: Bool {
        facts.contains { if case .ended = $0 { true } else { false } }
    }
}

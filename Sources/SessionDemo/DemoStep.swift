package import SessionCore

/// One move of a simulated client in a ``DemoScenario``: what to do to which session, and when.
///
/// Sessions are named by small integer keys; whoever plays the steps maps them to the ids the
/// engine hands out.
package struct DemoStep: Sendable, Hashable {
    /// What a simulated client (or, for ``sweep``, the server) does.
    package enum Operation: Sendable, Hashable {
        /// Create the session, under `parent`'s session if given.
        case create(SessionSpec, parent: Int?)
        /// Append a batch of events.
        case append([NewEvent])
        case heartbeat
        case suspend(reason: String)
        case resume(reason: String)
        case end(reason: String)
        case fail(reason: String)
        case terminate(reason: String)
        /// One sweeper pass at this time: only in a history, where no server sweeper runs on
        /// the moving clock.
        case sweep
    }

    /// When to play it.
    package var at: Timestamp
    /// The session's key.
    package var session: Int
    package var operation: Operation

    package init(at: Timestamp, session: Int, operation: Operation) {
        self.at = at
        self.session = session
        self.operation = operation
    }
}

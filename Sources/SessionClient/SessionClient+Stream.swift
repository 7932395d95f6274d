import NIOHTTP1
public import SessionCore

extension SessionClient {
    /// `GET /v1/stats`: sessions by status and application, outcomes and recent durations.
    ///
    /// The server reduces the duration sample to its size, mean and percentiles, so the answer
    /// is a ``SessionStatsSummary`` (what `SessionStats.summary` is on the server).
    ///
    /// - Parameter userID: only this user's sessions; a user-bound token always gets its own.
    public func stats(userID: String? = nil) async throws -> SessionStatsSummary {
        let answer = try await send(.GET, "/v1/stats", query: userID.map { [("user", $0)] } ?? [])
        return try decode { () throws(SessionError) in try SessionStatsSummary(json: answer.json) }
    }

    /// `GET /v1/stream`: stored and then live events matching `filter`, in `position` order,
    /// each once, reconnecting where it left off when the connection drops.
    ///
    /// ```swift
    /// for try await event in client.events(matching: EventFilter(sessionID: id)) {
    ///     print(event.position, event.type)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - filter: every set filter must match. A user-bound token gets its own user's events.
    ///   - position: start after this position (a previous event's ``SessionEvent/position``);
    ///     from the first stored event if `nil`.
    /// - Returns: a sequence that ends when the consuming task is cancelled; see
    ///   ``SessionEventStream`` for reconnection and errors.
    public func events(matching filter: EventFilter = EventFilter(), after position: Int64? = nil) -> SessionEventStream {
        SessionEventStream(client: self, filter: filter, after: position)
    }
}

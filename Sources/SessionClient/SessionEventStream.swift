import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import SessionCore

/// The events of `GET /v1/stream` as an `AsyncSequence`, in store-wide `position` order, each
/// exactly once, across reconnections: what ``SessionClient/events(matching:after:)`` returns.
///
/// Iterating opens the stream and reads its body as it arrives. When the connection drops (the
/// server restarts, a proxy times out, or, with the client's own `HTTPClient`, no byte arrives
/// for ``SessionClient/Configuration/requestTimeout`` although the server sends a keep-alive
/// every 15 s), the iterator reconnects with
/// `Last-Event-ID` set to the position of the last event it delivered, waiting between tries as
/// ``RetryPolicy`` says; the count of tries starts again once a connection answers.
/// Events at or before the last delivered position are skipped, so none is delivered twice.
///
/// The sequence ends (returns `nil`) when the consuming task is cancelled, which closes the
/// connection. It throws a 4xx answer at once (`unauthorized`, `forbidden`…), an event it cannot
/// read as ``SessionClientError/Code/invalidResponse``, and ``SessionClientError/Code/unreachable``
/// once ``RetryPolicy/maxAttempts`` tries in a row have failed.
public struct SessionEventStream: AsyncSequence, Sendable {
    public typealias Element = SessionEvent

    let client: SessionClient
    let filter: EventFilter
    let after: Int64?

    public func makeAsyncIterator() -> Iterator {
        Iterator(client: client, filter: filter, lastPosition: after)
    }

    /// Reads the stream; not to be shared between tasks.
    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = SessionEvent

        let client: SessionClient
        let filter: EventFilter
        /// The position of the last event delivered: where a reconnection resumes.
        var lastPosition: Int64?
        private var body: HTTPClientResponse.Body.AsyncIterator?
        private var parser = ServerSentEventParser()
        /// Tries in a row that failed; 0 once a connection delivers bytes.
        private var failures = 0
        private var finished = false

        init(client: SessionClient, filter: EventFilter, lastPosition: Int64?) {
            self.client = client
            self.filter = filter
            self.lastPosition = lastPosition
        }

        public mutating func next() async throws -> SessionEvent? {
            while !finished {
                if Task.isCancelled { return finish() }
                if let message = parser.next() {
                    let event = try Self.event(message)
                    if let lastPosition, event.position <= lastPosition { continue }
                    lastPosition = event.position
                    return event
                }
                do {
                    if body == nil {
                        body = try await connect()
                    } else if let chunk = try await body?.next() {
                        failures = 0
                        parser.feed(chunk.readableBytesView)
                    } else {
                        try await dropped(nil)  // the server ended the stream (it shuts down)
                    }
                } catch is CancellationError {
                    return finish()
                } catch let error as SessionClientError where !error.isRetryable {
                    _ = finish()
                    throw error
                } catch {
                    try await dropped(error)
                }
            }
            return nil
        }

        /// Opens the stream after ``lastPosition``: the body, or a retryable or final error.
        private func connect() async throws -> HTTPClientResponse.Body.AsyncIterator {
            var headers = [("Accept", "text/event-stream"), ("Cache-Control", "no-cache")]
            if let lastPosition { headers.append(("Last-Event-ID", String(lastPosition))) }
            let request = client.makeRequest(.GET, "/v1/stream", query: filter.queryItems, headers: headers)
            let response = try await client.open(request)
            guard response.status.code == 200 else {
                let bytes = try? await response.body.collect(upTo: 64 * 1024)
                throw SessionClient.problem(response, bytes.flatMap(SessionClient.json))
            }
            return response.body.makeAsyncIterator()
        }

        /// Forgets the connection and waits before the next try (throws when the tries are spent).
        /// Ends the sequence instead when the task is cancelled.
        private mutating func dropped(_ error: (any Error)?) async throws {
            body = nil
            parser.reset()
            guard !Task.isCancelled else {
                _ = finish()
                return
            }
            failures += 1
            let failure = (error as? SessionClientError) ?? client.unreachable(error ?? SessionClientError.streamEnded)
            do {
                try await client.backOff(after: failures, failure, route: "/v1/stream")
            } catch is CancellationError {
                _ = finish()
            } catch {
                _ = finish()
                throw error
            }
        }

        private mutating func finish() -> SessionEvent? {
            finished = true
            body = nil
            return nil
        }

        static func event(_ message: ServerSentEventParser.Message) throws(SessionClientError) -> SessionEvent {
            do {
                return try SessionEvent(json: try JSONParser.parse(message.data))
            } catch {
                throw SessionClientError(code: .invalidResponse, status: nil, message: "unexpected event: \(error.message)")
            }
        }
    }
}

extension SessionClientError {
    /// The underlying error when the server ended a stream itself.
    static var streamEnded: SessionClientError {
        SessionClientError(code: .unreachable, status: nil, message: "the server ended the stream")
    }
}

/// An iterator holds one connection's state: use it from one task.
@available(*, unavailable)
extension SessionEventStream.Iterator: Sendable {}

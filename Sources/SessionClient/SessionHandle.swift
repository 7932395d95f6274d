#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import Logging
public import SessionCore

/// One session seen from its client: starts it, keeps it alive with heartbeats, records its
/// events (buffering them while the server is away) and ends it cleanly.
///
/// ```swift
/// let result = try await SessionHandle.withSession(client: client, spec: spec, buffer: buffer) { session in
///     try await session.record(NewEvent(type: "tool.call", data: ["tool": "grep"]))
///     return 42
/// }   // flushed, heartbeats stopped, session ended
/// ```
///
/// Every recorded event gets an idempotency key (a UUIDv7) unless it has one, so retries and
/// replays never store it twice. Events are delivered in the order they were recorded: while
/// older ones wait in the ``EventBuffer``, newer ones queue behind them.
///
/// The context is the caller's: pass what `SessionKit`'s `ContextCapture` (or the tool itself)
/// captured as `spec.context`; the client adds nothing.
public actor SessionHandle {
    public nonisolated let client: SessionClient
    let buffer: (any EventBuffer)?
    let logger: Logger
    /// The session's id, once started or attached.
    public private(set) var id: UUID?
    /// The session as the server last described it (after start, heartbeat or end).
    public private(set) var session: Session?
    private var heartbeatInterval: Duration?
    private var finished = false
    private var stopHeartbeats: AsyncStream<Void>.Continuation?
    /// Events in the buffer for this session, as far as this handle knows.
    private var buffered = 0
    // A FIFO turnstile: appends, flushes and the end run one at a time, in call order.
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A handle for a new session; call ``start(spec:parentID:)``.
    ///
    /// - Parameter buffer: where events go while the server cannot be reached; without one,
    ///   ``record(_:)`` throws instead.
    public init(client: SessionClient, buffer: (any EventBuffer)? = nil) {
        self.client = client
        self.buffer = buffer
        self.logger = client.logger
    }

    /// A handle on an existing session, e.g. to deliver what an earlier process buffered.
    public init(client: SessionClient, sessionID: UUID, heartbeatInterval: Duration? = nil, buffer: (any EventBuffer)? = nil) {
        self.client = client
        self.buffer = buffer
        self.logger = client.logger
        self.id = sessionID
        self.heartbeatInterval = heartbeatInterval
        self.buffered = 1  // unknown: the next record or flush looks at the buffer
    }

    /// Creates the session. Heartbeats, if `spec.policy.heartbeatInterval` is set, are sent by
    /// ``runHeartbeats()`` (which ``withSession(client:spec:parentID:buffer:_:)`` runs).
    @discardableResult
    public func start(spec: SessionSpec, parentID: UUID? = nil) async throws -> Session {
        guard id == nil else { throw SessionClientError(code: .invalidArgument, status: nil, message: "the handle has a session already") }
        let created = try await client.create(spec, parentID: parentID)
        id = created.id
        session = created
        heartbeatInterval = created.policy.heartbeatInterval
        buffered = 0
        return created
    }

    /// Records an event: sends it, or, when the server cannot be reached (after retries) or
    /// older events still wait, stores it in the buffer.
    ///
    /// - Returns: the stored event, or `nil` when it was buffered.
    /// - Throws: ``SessionClientError`` for an answer 4xx (the event is invalid, the session
    ///   ended…), or when the server is away and there is no buffer.
    @discardableResult
    public func record(_ event: NewEvent) async throws -> SessionEvent? {
        let id = try requireID()
        var event = event
        if event.idempotencyKey == nil { event.idempotencyKey = Self.newKey() }
        await acquire()
        defer { release() }
        if buffered > 0 {
            try await flushLocked(id)
            if buffered > 0, let buffer {
                try await buffer.add(event, to: id)
                buffered += 1
                return nil
            }
        }
        do {
            let result = try await client.append(id, event)
            return result.events.first
        } catch let error as SessionClientError where error.isRetryable {
            guard let buffer else { throw error }
            logger.debug("buffering event", metadata: ["session.id": "\(id.lowercased)", "error.code": "\(error.code)"])
            try await buffer.add(event, to: id)
            buffered += 1
            return nil
        }
    }

    /// Delivers the buffered events in order, in batches of up to 1000, each removed only once
    /// the server acknowledged it.
    ///
    /// - Returns: `true` when nothing waits any more, `false` when the server is still away.
    @discardableResult
    public func flush() async throws -> Bool {
        let id = try requireID()
        await acquire()
        defer { release() }
        try await flushLocked(id)
        return buffered == 0
    }

    /// Events of this session waiting in the buffer.
    public func pendingCount() async throws -> Int {
        guard let buffer, let id else { return 0 }
        return try await buffer.count(id)
    }

    /// Flushes, then ends the session (completed) and stops the heartbeats.
    ///
    /// - Throws: the unreachable error if buffered events could not be delivered (they stay
    ///   buffered and the session stays live: call `end` again later).
    @discardableResult
    public func end(reason: String? = nil) async throws -> Session {
        try await finish { client, id in try await client.end(id, reason: reason) }
    }

    /// Flushes, then ends the session as failed and stops the heartbeats.
    @discardableResult
    public func fail(reason: String? = nil) async throws -> Session {
        try await finish { client, id in try await client.fail(id, reason: reason) }
    }

    /// Stops the heartbeats without ending the session (it stays live on the server until it
    /// is recovered, ended or times out).
    public func close() {
        finished = true
        stopHeartbeats?.finish()
    }

    /// Whether the handle was ended or closed.
    public var isFinished: Bool { finished }

    private func finish(_ move: @Sendable (SessionClient, UUID) async throws -> Session) async throws -> Session {
        let id = try requireID()
        await acquire()
        defer { release() }
        try await flushLocked(id)
        if buffered > 0 {
            throw SessionClientError(code: .unreachable, status: nil, message: "buffered events could not be delivered")
        }
        let ended: Session
        do {
            ended = try await move(client, id)
        } catch let error as SessionClientError where error.code == .invalidTransition {
            // A retry of an end that the server did apply: report the session as it is.
            let current = try await client.session(id)
            guard current.status.hasEnded else { throw error }
            ended = current
        }
        session = ended
        close()
        return ended
    }

    // MARK: Heartbeats

    /// Sends a heartbeat every `policy.heartbeat_interval` until the handle ends or closes, or
    /// the calling task is cancelled. Returns at once when the session promised no heartbeats.
    ///
    /// Run it as a child task next to the work (as ``withSession(client:spec:parentID:buffer:_:)``
    /// does). A heartbeat also delivers buffered events once the server is back.
    public func runHeartbeats() async {
        guard let interval = heartbeatInterval, id != nil, !finished else { return }
        let (stopped, continuation) = AsyncStream<Void>.makeStream()
        stopHeartbeats = continuation
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in stopped {} }
            group.addTask { await self.heartbeatLoop(every: interval) }
            await group.next()
            group.cancelAll()
        }
    }

    private func heartbeatLoop(every interval: Duration) async {
        while !finished, !Task.isCancelled {
            do { try await client.configuration.sleep(interval) } catch { return }
            guard !finished, !Task.isCancelled, let id else { return }
            do {
                session = try await client.heartbeat(id)
                if buffered > 0 { try await flush() }
            } catch let error as SessionClientError where !error.isRetryable {
                logger.debug("heartbeats stop", metadata: ["session.id": "\(id.lowercased)", "error.code": "\(error.code)"])
                return
            } catch {
                continue
            }
        }
    }

    /// Starts a session, runs `body` with heartbeats alongside, then ends it (flushing first).
    ///
    /// If `body` throws, the handle flushes what it can, fails the session with reason
    /// `client_error` (best effort) and rethrows.
    public static func withSession<T: Sendable>(
        client: SessionClient, spec: SessionSpec, parentID: UUID? = nil, buffer: (any EventBuffer)? = nil,
        _ body: (SessionHandle) async throws -> T
    ) async throws -> T {
        let handle = SessionHandle(client: client, buffer: buffer)
        try await handle.start(spec: spec, parentID: parentID)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await handle.runHeartbeats() }
            do {
                let result = try await body(handle)
                if await !handle.isFinished { try await handle.end() }
                await handle.close()
                group.cancelAll()
                return result
            } catch {
                if await !handle.isFinished { _ = try? await handle.fail(reason: "client_error") }
                await handle.close()
                group.cancelAll()
                throw error
            }
        }
    }

    // MARK: Internals

    /// Sends what waits, oldest first; stops quietly when the server is away.
    private func flushLocked(_ id: UUID) async throws {
        guard let buffer else {
            buffered = 0
            return
        }
        while true {
            let entries = try await buffer.pending(id, limit: 1000)
            if entries.isEmpty {
                buffered = 0
                return
            }
            do {
                _ = try await client.append(id, entries.map(\.event))
            } catch let error as SessionClientError where error.isRetryable {
                buffered = max(buffered, entries.count)
                return
            }
            try await buffer.remove(entries.map(\.id))
        }
    }

    private func requireID() throws -> UUID {
        guard let id else { throw SessionClientError(code: .invalidArgument, status: nil, message: "the handle has no session: call start first") }
        return id
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    static func newKey() -> String {
        UUID.v7(at: Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))).lowercased
    }
}

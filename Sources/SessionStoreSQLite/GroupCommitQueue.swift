import GRDB
import SessionCore
import Synchronization

/// Group commit: concurrent write requests share one transaction and one fsync.
///
/// The first request to arrive while no batch is running leads: it takes every queued request,
/// runs them one after the other inside one `BEGIN IMMEDIATE` transaction, commits, resumes
/// their callers, and hands the lead to the oldest request that queued meanwhile. No background
/// task: leaders are the callers themselves.
///
/// A request rejected by the rules (a `SessionError`, thrown before it writes anything, as
/// every request of the store guarantees) leaves the others in the batch. Any other failure
/// rolls the transaction back and runs each request of the batch alone, so one bad request
/// never fails its neighbours; a failed commit fails its whole batch, so nothing is
/// acknowledged that was not durable.
///
/// The leader runs the transaction synchronously on its own thread (GRDB's writer queue runs
/// `sync` work on the caller's thread when idle). An `await` hop to another thread and back
/// costs more than an uncontended SQLite transaction (measured: GRDB's async write API runs
/// single-row inserts at a third to a half of its sync API's rate), so a hop per append would
/// cap the store far below raw SQLite. The thread is held for one transaction: tens of
/// microseconds with `NORMAL`, one fsync with `FULL`, or up to the busy timeout while another
/// process holds the file's write lock.
final class GroupCommitQueue: Sendable {
    /// One request. Its mutable fields are guarded by `GroupCommitQueue.state`, but for the
    /// result, which only the leader writes before it resumes the caller.
    private class Ticket: @unchecked Sendable {
        var leads = false
        var done = false
        var continuation: UnsafeContinuation<Void, Never>?

        func perform(_ db: Database) throws { fatalError("abstract") }
        func fail(_ error: any Error) { fatalError("abstract") }
    }

    private final class TypedTicket<T: Sendable>: Ticket, @unchecked Sendable {
        let work: @Sendable (Database) throws -> T
        var result: Result<T, any Error>?

        init(_ work: @escaping @Sendable (Database) throws -> T) { self.work = work }

        override func perform(_ db: Database) throws {
            do {
                result = .success(try work(db))
            } catch let error as SessionError {
                result = .failure(error)
            }
        }

        override func fail(_ error: any Error) { result = .failure(error) }
    }

    private struct State: ~Copyable {
        var queue: [Ticket] = []
        var running = false
        var batches = 0
        var requests = 0
        var lastBatchSize = 0
    }

    /// Transactions run and requests they carried, since the store opened.
    var totals: (batches: Int, requests: Int) {
        state.withLock { ($0.batches, $0.requests) }
    }

    private let state = Mutex(State())
    private let writer: DatabasePool
    /// Largest number of requests in one transaction.
    let maxBatch: Int
    /// Called on the writer when a transaction fails as a whole.
    private let onFailure: @Sendable () -> Void
    /// Called at the start of each transaction, holding the write lock.
    private let onBatchStart: @Sendable (Database) throws -> Void
    /// Told the size of each batch before it runs.
    private let onBatch: @Sendable (Int) -> Void

    init(
        writer: DatabasePool, maxBatch: Int = 256, onFailure: @escaping @Sendable () -> Void = {},
        onBatchStart: @escaping @Sendable (Database) throws -> Void = { _ in }, onBatch: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.writer = writer
        self.maxBatch = maxBatch
        self.onFailure = onFailure
        self.onBatchStart = onBatchStart
        self.onBatch = onBatch
    }

    /// Runs `work` in the next group transaction and returns its result once committed.
    func submit<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let ticket = TypedTicket(work)
        let leads = state.withLock { state in
            state.queue.append(ticket)
            if state.running { return false }
            state.running = true
            return true
        }
        if !leads {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let resumeNow = state.withLock { _ in
                    if ticket.done || ticket.leads { return true }
                    ticket.continuation = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        if !state.withLock({ _ in ticket.done }) { await lead() }
        return try ticket.result!.get()
    }

    /// Yields a leader makes, at most, waiting for the callers of the previous batch to come
    /// back before it starts a smaller batch: fuller batches, fewer fsyncs.
    static let maxYields = 4

    /// Leads one batch, then hands the lead to the oldest waiting request, so that the
    /// leader's own caller gets its answer at once and can join the next batch.
    private func lead() async {
        let target = state.withLock { $0.lastBatchSize }
        var yields = 0
        var queued = state.withLock { $0.queue.count }
        while yields < Self.maxYields, queued < target {
            await Task.yield()
            yields += 1
            let now = state.withLock { $0.queue.count }
            if now == queued, yields >= 2 { break }  // nobody else is coming
            queued = now
        }
        runBatch()
    }

    /// Runs one batch, answers its requests and hands the lead on.
    private func runBatch() {
        let batch = state.withLock { state in
            let count = min(state.queue.count, maxBatch)
            let batch = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            state.batches += 1
            state.requests += count
            state.lastBatchSize = count
            return batch
        }
        onBatch(batch.count)
        do {
            try writer.writeWithoutTransaction { db in try self.runInOneTransaction(batch, db) }
        } catch {
            onFailure()
            for ticket in batch { ticket.fail(error) }
        }
        var toResume: [UnsafeContinuation<Void, Never>] = []
        state.withLock { state in
            for ticket in batch {
                ticket.done = true
                if let c = ticket.continuation {
                    toResume.append(c)
                    ticket.continuation = nil
                }
            }
            guard let next = state.queue.first else {
                state.running = false
                return
            }
            next.leads = true
            if let c = next.continuation {
                toResume.append(c)
                next.continuation = nil
            }
        }
        for continuation in toResume { continuation.resume() }
    }

    private func runInOneTransaction(_ batch: [Ticket], _ db: Database) throws {
        var poisoned = false
        try Self.inImmediateTransaction(db) {
            try onBatchStart(db)
            for ticket in batch {
                do {
                    try ticket.perform(db)
                } catch {
                    poisoned = true
                    return false
                }
            }
            return true
        }
        guard poisoned else { return }
        onFailure()
        for ticket in batch {
            do {
                try Self.inImmediateTransaction(db) {
                    do {
                        try onBatchStart(db)
                        try ticket.perform(db)
                        return true
                    } catch {
                        ticket.fail(error)
                        return false
                    }
                }
            } catch {
                ticket.fail(error)
            }
        }
    }

    /// `BEGIN IMMEDIATE`, `body`, then `COMMIT` if it returns true, else `ROLLBACK`; with
    /// cached statements, as GRDB's `inTransaction` parses its SQL anew each time.
    private static func inImmediateTransaction(_ db: Database, _ body: () throws -> Bool) throws {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
        let commit: Bool
        do {
            commit = try body()
        } catch {
            try? db.cachedStatement(sql: "ROLLBACK").execute()
            throw error
        }
        if commit {
            do {
                try db.cachedStatement(sql: "COMMIT").execute()
            } catch {
                if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK").execute() }
                throw error
            }
        } else {
            try db.cachedStatement(sql: "ROLLBACK").execute()
        }
    }
}

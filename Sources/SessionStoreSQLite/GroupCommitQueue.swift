import GRDB
import SessionCore
import Synchronization

/// Group commit: concurrent write requests share one transaction and one fsync.
///
/// The first request to arrive while no batch is running leads: it takes every queued request,
/// runs each in its own savepoint inside one `BEGIN IMMEDIATE` transaction, commits, and hands
/// the lead to the oldest request that queued meanwhile. A request rejected by the rules writes
/// nothing and leaves the others in the batch; a failed commit fails the whole batch, so
/// nothing is acknowledged that was not durable. No background task: leaders are the callers themselves.
///
/// The leader runs the transaction synchronously on its own thread (GRDB's writer queue runs
/// `sync` work on the caller's thread when idle). An `await` hop to another thread and back
/// costs more than an uncontended SQLite transaction (measured: GRDB's async write API runs
/// single-row inserts at about a third of its sync API's rate), so a hop per append would cap
/// the store far below raw SQLite. The thread is held for one transaction: tens of
/// microseconds with `NORMAL`, one fsync with `FULL`, or up to the busy timeout while another
/// process holds the file's write lock.
final class GroupCommitQueue: Sendable {
    private final class Ticket: @unchecked Sendable {
        // Guarded by `GroupCommitQueue.state`.
        let work: @Sendable (Database) throws -> any Sendable
        var result: Result<any Sendable, any Error>?
        var leads = false
        var continuation: CheckedContinuation<Void, Never>?

        init(work: @escaping @Sendable (Database) throws -> any Sendable) { self.work = work }
    }

    private struct State: ~Copyable {
        var queue: [Ticket] = []
        var running = false
    }

    private let state = Mutex(State())
    private let writer: DatabasePool
    /// Largest number of requests in one transaction.
    let maxBatch: Int
    /// Called with each committed batch's size (for metrics and benchmarks).
    private let onCommit: (@Sendable (Int) -> Void)?
    /// Called on the writer when a batch's transaction fails as a whole.
    private let onFailure: @Sendable () -> Void
    /// Called at the start of each transaction, holding the write lock.
    private let onBatchStart: @Sendable (Database) throws -> Void

    init(
        writer: DatabasePool, maxBatch: Int = 256, onCommit: (@Sendable (Int) -> Void)? = nil,
        onFailure: @escaping @Sendable () -> Void = {}, onBatchStart: @escaping @Sendable (Database) throws -> Void = { _ in }
    ) {
        self.writer = writer
        self.maxBatch = maxBatch
        self.onCommit = onCommit
        self.onFailure = onFailure
        self.onBatchStart = onBatchStart
    }

    /// Runs `work` in the next group transaction and returns its result once committed.
    func submit<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let ticket = Ticket(work: { db in try work(db) })
        let leads = state.withLock { state in
            state.queue.append(ticket)
            if state.running { return false }
            state.running = true
            return true
        }
        if !leads {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { _ in
                    if ticket.result != nil || ticket.leads { return true }
                    ticket.continuation = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        if state.withLock({ _ in ticket.result == nil }) {
            lead()
        }
        let result = state.withLock { _ in ticket.result! }
        return try result.get() as! T
    }

    /// Batches a leader runs before handing the lead on: more saves a thread wake-up per batch,
    /// fewer bounds how long the leader's own caller waits for its answer.
    static let batchesPerLeader = 8

    private func lead() {
        for turn in 1...Self.batchesPerLeader {
            guard runBatch(handOff: turn == Self.batchesPerLeader) else { return }
        }
    }

    /// Runs one batch; returns whether requests are waiting and the lead stays here.
    private func runBatch(handOff: Bool) -> Bool {
        let batch = state.withLock { state in
            let count = min(state.queue.count, maxBatch)
            let batch = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            return batch
        }
        let works = batch.map(\.work)
        var results: [Result<any Sendable, any Error>]
        do {
            results = try writer.writeWithoutTransaction { db in
                try self.runInOneTransaction(works, db)
            }
            onCommit?(batch.count)
        } catch {
            onFailure()
            results = Array(repeating: .failure(error), count: batch.count)
        }
        var toResume: [CheckedContinuation<Void, Never>] = []
        let keepsLead = state.withLock { state -> Bool in
            for (ticket, result) in zip(batch, results) {
                ticket.result = result
                if let c = ticket.continuation {
                    toResume.append(c)
                    ticket.continuation = nil
                }
            }
            guard let next = state.queue.first else {
                state.running = false
                return false
            }
            if !handOff { return true }
            next.leads = true
            if let c = next.continuation {
                toResume.append(c)
                next.continuation = nil
            }
            return false
        }
        for continuation in toResume { continuation.resume() }
        return keepsLead
    }

    /// Runs the batch in one transaction. A request that fails with a `SessionError` wrote
    /// nothing (the contract of every request: input and rule errors are thrown before the first
    /// write), so the others commit without it and without per-request savepoints. Any other
    /// failure rolls the whole transaction back and runs each request alone.
    private func runInOneTransaction(
        _ works: [@Sendable (Database) throws -> any Sendable], _ db: Database
    ) throws -> [Result<any Sendable, any Error>] {
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(works.count)
        var poisoned = false
        try db.inTransaction(.immediate) {
            try onBatchStart(db)
            for work in works {
                do {
                    results.append(.success(try work(db)))
                } catch let error as SessionError {
                    results.append(.failure(error))
                } catch {
                    poisoned = true
                    return .rollback
                }
            }
            return .commit
        }
        guard poisoned else { return results }
        onFailure()
        results.removeAll()
        for work in works {
            var result: Result<any Sendable, any Error>?
            do {
                try db.inTransaction(.immediate) {
                    do {
                        try onBatchStart(db)
                        result = .success(try work(db))
                        return .commit
                    } catch {
                        result = .failure(error)
                        return .rollback
                    }
                }
            } catch {
                result = .failure(error)
            }
            if case .failure(let error)? = result, !(error is SessionError) { onFailure() }
            results.append(result!)
        }
        return results
    }
}

import GRDB
import Synchronization

/// Group commit: concurrent write requests share one transaction and one fsync.
///
/// The first request to arrive while no batch is running leads: it takes every queued request,
/// runs each in its own savepoint inside one `BEGIN IMMEDIATE` transaction, commits, and hands
/// the lead to the oldest request that queued meanwhile. A request that fails rolls back its own
/// savepoint only; a failed commit fails the whole batch, so nothing is acknowledged that was
/// not durable. No background task: leaders are the callers themselves.
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

    init(writer: DatabasePool, maxBatch: Int = 256, onCommit: (@Sendable (Int) -> Void)? = nil) {
        self.writer = writer
        self.maxBatch = maxBatch
        self.onCommit = onCommit
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
            runBatch()
        }
        let result = state.withLock { _ in ticket.result! }
        return try result.get() as! T
    }

    private func runBatch() {
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
                try Self.runInOneTransaction(works, db)
            }
            onCommit?(batch.count)
        } catch {
            results = Array(repeating: .failure(error), count: batch.count)
        }
        var toResume: [CheckedContinuation<Void, Never>] = []
        state.withLock { state in
            for (ticket, result) in zip(batch, results) {
                ticket.result = result
                if let c = ticket.continuation {
                    toResume.append(c)
                    ticket.continuation = nil
                }
            }
            if let next = state.queue.first {
                next.leads = true
                if let c = next.continuation {
                    toResume.append(c)
                    next.continuation = nil
                }
            } else {
                state.running = false
            }
        }
        for continuation in toResume { continuation.resume() }
    }

    private static func runInOneTransaction(
        _ works: [@Sendable (Database) throws -> any Sendable], _ db: Database
    ) throws -> [Result<any Sendable, any Error>] {
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(works.count)
        try db.inTransaction(.immediate) {
            if works.count == 1 {
                // Alone in the transaction: its failure rolls the transaction back.
                do {
                    results.append(.success(try works[0](db)))
                    return .commit
                } catch {
                    results.append(.failure(error))
                    return .rollback
                }
            }
            for work in works {
                do {
                    var value: (any Sendable)?
                    try db.inSavepoint {
                        value = try work(db)
                        return .commit
                    }
                    results.append(.success(value!))
                } catch {
                    results.append(.failure(error))
                }
            }
            return .commit
        }
        return results
    }
}

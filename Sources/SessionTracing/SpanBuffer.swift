import Synchronization

/// Where ended spans wait for the exporter: a bounded queue behind one lock. Ending a span is
/// an append; the exporter is woken when a batch is full, on its schedule, or on a flush.
final class SpanBuffer: Sendable {
    private struct State {
        var spans: [OTLPSpanRecord] = []
        var dropped = 0
        /// An emptied array the exporter handed back: its storage takes the next spans, so the
        /// queue does not grow a new array (copying every span on the way) after each export.
        var spare: [OTLPSpanRecord] = []
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let batchSize: Int
    let wakes: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation

    init(capacity: Int, batchSize: Int) {
        self.capacity = max(1, capacity)
        self.batchSize = max(1, min(batchSize, capacity))
        (wakes, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues an ended span, or counts it as dropped when the queue is full.
    func append(_ span: OTLPSpanRecord) {
        let batchIsFull = state.withLock { state -> Bool in
            guard state.spans.count < capacity else {
                state.dropped += 1
                return false
            }
            state.spans.append(span)
            return state.spans.count == batchSize
        }
        if batchIsFull { waker.yield() }
    }

    /// Everything queued, and how many spans were dropped since the last call. Hand the array
    /// back with ``recycle(_:)`` once sent.
    func drain() -> (spans: [OTLPSpanRecord], dropped: Int) {
        state.withLock { state in
            var spans = state.spare
            swap(&spans, &state.spans)
            state.spare = []
            defer { state.dropped = 0 }
            return (spans, state.dropped)
        }
    }

    /// Takes back a drained array's storage for the next spans.
    func recycle(_ spans: inout [OTLPSpanRecord]) {
        spans.removeAll(keepingCapacity: true)  // releases the spans outside the lock
        state.withLock { state in
            if state.spare.capacity < spans.capacity { swap(&state.spare, &spans) }
        }
    }

    /// Asks the exporter to send what is queued now.
    func wake() { waker.yield() }

    /// Ends the exporter's loop: it sends what is left and returns.
    func finish() { waker.finish() }
}

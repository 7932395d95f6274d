import Synchronization

/// Where ended spans wait for the exporter: a bounded queue behind one lock. Ending a span is
/// an append; the exporter is woken when a batch is full, on its schedule, or on a flush.
final class SpanBuffer: Sendable {
    private struct State {
        var spans: [OTLPSpanRecord] = []
        var dropped = 0
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

    /// Everything queued, and how many spans were dropped since the last call.
    func drain() -> (spans: [OTLPSpanRecord], dropped: Int) {
        state.withLock { state in
            defer { state = State() }
            return (state.spans, state.dropped)
        }
    }

    /// Asks the exporter to send what is queued now.
    func wake() { waker.yield() }

    /// Ends the exporter's loop: it sends what is left and returns.
    func finish() { waker.finish() }
}

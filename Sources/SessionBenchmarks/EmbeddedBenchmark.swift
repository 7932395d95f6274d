import Foundation
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite

/// The measurements of `sessiond bench embedded`.
package struct EmbeddedBenchmark {
    /// One measured figure: `name value unit`.
    package struct Figure: Sendable {
        package var name: String
        package var value: Double
        package var unit: String
    }

    let folder: String
    let singleCount: Int
    let groupCount: Int
    let largeSession: Int
    /// Completed sessions of the `retention` part.
    package var retentionSessions = 100_000
    /// Parts to run: `single`, `durable`, `reads` (all when empty).
    package var only: Set<String> = []
    let report: (Figure) -> Void

    package init(folder: String, singleCount: Int, groupCount: Int, largeSession: Int, report: @escaping (Figure) -> Void) {
        self.folder = folder
        self.singleCount = singleCount
        self.groupCount = groupCount
        self.largeSession = largeSession
        self.report = report
    }

    /// 300 bytes of event data, as the figures assume.
    static let data: JSONValue = [
        "tool": "read_file", "path": "Sources/SessionCore/Planning/SessionChangeBuilder.swift", "tokens": 128,
        "summary": .string(String(repeating: "lorem ipsum dolor sit amet ", count: 7)), "ok": true,
    ]

    package func run() async throws {
        let payload = JSONWriter.string(Self.data)
        let clock = ContinuousClock()

        if only.isEmpty || only.contains("core") { try core() }
        if only.isEmpty || only.contains("tracing") { tracing() }
        if only.isEmpty || only.contains("single") { try await single(payload) }
        if only.isEmpty || only.contains("durable") { try await durable(payload) }
        if only.isEmpty || only.contains("reads") { try await reads(clock) }
        if only.isEmpty || only.contains("redaction") { try await redaction() }
        if only.isEmpty || only.contains("encryption") { try await encryption() }
        // Minutes, not seconds: only when asked for.
        if only.contains("retention") { try await retention() }
        emit("peak_rss_mb", Double(ProcessStats.peakResidentBytes()) / 1_048_576, "MB")
    }

    /// CPU time of the pure engine rules per append (validation, numbering, state, hash), no I/O.
    private func core() throws {
        let now = Timestamp(milliseconds: 1_790_000_000_000)
        var session = try SessionChangeBuilder.create(id: UUID.v7(at: now), spec: SessionSpec(application: "bench"), parent: nil, now: now).session
        let events = [NewEvent(type: "tool.call", data: Self.data)]
        let count = 50_000
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count {
            try EventLimits.default.validate(events[0])
            var builder = SessionChangeBuilder(session: session, now: now)
            try builder.append(events, expectedSeq: nil, existing: [:])
            session = builder.build().session
        }
        emit("core_append_us", (clock.now - start).seconds * 1e6 / Double(count), "us")
    }

    /// Rounds of alternating baseline and engine runs: both sides see the same machine noise.
    static let rounds = 5

    private func single(_ payload: String) async throws {
        let (raw, append) = try await interleaved(synchronous: .normal, count: singleCount, payload: payload)
        emit("raw_insert_single_rate", raw, "rows/s")
        emit("append_single_rate", append, "events/s")
        emit("append_single_ratio", append / raw, "x")
        let baseline = try SQLiteBaseline(path: path("raw-async"), synchronous: .normal, payload: payload)
        let hops = try await baseline.insertAwaitingEach(count: singleCount)
        try baseline.close()
        emit("raw_insert_async_rate", Double(singleCount) / hops.seconds, "rows/s")
    }

    private func durable(_ payload: String) async throws {
        let count = max(Self.rounds, singleCount / 5)
        let (rawFull, durable) = try await interleaved(synchronous: .full, count: count, payload: payload)
        emit("raw_insert_durable_rate", rawFull, "rows/s")
        emit("durable_single_rate", durable, "events/s")
        let group = try await groupCommitRate(writers: 32)
        emit("group_commit_rate", group, "events/s")
        emit("group_commit_speedup", group / durable, "x")
    }

    /// Raw single-row inserts and single-event appends, `count` of each, in alternating rounds.
    private func interleaved(synchronous: SQLiteSessionStore.Configuration.Synchronous, count: Int, payload: String) async throws -> (raw: Double, append: Double) {
        let baseline = try SQLiteBaseline(path: path("raw-\(synchronous.rawValue)"), synchronous: synchronous, payload: payload)
        let store = try SQLiteSessionStore(path: path("append-\(synchronous.rawValue)"), configuration: .init(synchronous: synchronous))
        let manager = SessionManager(store: store)
        let session = try await manager.create(SessionSpec(application: "bench"))
        let events = [NewEvent(type: "tool.call", data: Self.data)]
        let perRound = max(1, count / Self.rounds)
        var rawTime = Duration.zero
        var appendTime = Duration.zero
        let clock = ContinuousClock()
        for _ in 0..<Self.rounds {
            rawTime += try baseline.insert(count: perRound)
            let start = clock.now
            for _ in 0..<perRound { _ = try await manager.append(session.id, events) }
            appendTime += clock.now - start
        }
        try baseline.close()
        try await store.close()
        let total = Double(perRound * Self.rounds)
        return (total / rawTime.seconds, total / appendTime.seconds)
    }

    private func reads(_ clock: ContinuousClock) async throws {

        let store = try SQLiteSessionStore(path: path("reads"))
        let manager = SessionManager(store: store)
        let large = try await fill(manager, events: largeSession, withDeltas: true)
        emit("state_load_100k_ms", try await median(clock, runs: 20) { _ = try await manager.state(large) }, "ms")
        var generator = SystemRandomNumberGenerator()
        let lastSeq = try await manager.session(large).lastSeq
        emit("state_at_seq_ms", try await median(clock, runs: 50) {
            _ = try await manager.state(large, atSeq: Int64.random(in: 1...lastSeq, using: &generator))
        }, "ms")
        emit("page_100_ms", try await median(clock, runs: 50) {
            _ = try await manager.events(large, afterSeq: Int64.random(in: 0...max(0, lastSeq - 100), using: &generator), limit: 100).events
        }, "ms")
        let medium = try await fill(manager, events: 5000, withDeltas: false)
        emit("read_5000_ms", try await median(clock, runs: 20) {
            var after: Int64 = 0
            var count = 0
            while true {
                let page = try await manager.events(medium, afterSeq: after, limit: 1000).events
                guard let last = page.last else { break }
                count += page.count
                after = last.seq
            }
            precondition(count >= 5000)
        }, "ms")
        try await store.close()
    }

    func emit(_ name: String, _ value: Double, _ unit: String) {
        report(Figure(name: name, value: value, unit: unit))
    }

    func path(_ name: String) -> String { folder + "/" + name + ".sqlite" }

    private func groupCommitRate(writers: Int) async throws -> Double {
        let store = try SQLiteSessionStore(path: path("group-full"), configuration: .init(synchronous: .full))
        let manager = SessionManager(store: store)
        var sessions: [UUID] = []
        for _ in 0..<writers { sessions.append(try await manager.create(SessionSpec(application: "bench")).id) }
        let perWriter = groupCount
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in sessions {
                group.addTask {
                    let events = [NewEvent(type: "tool.call", data: Self.data)]
                    for _ in 0..<perWriter { _ = try await manager.append(id, events) }
                }
            }
            try await group.waitForAll()
        }
        let rate = Double(writers * perWriter) / (clock.now - start).seconds
        let totals = store.groupCommitTotals
        emit("group_commit_batch_avg", Double(totals.requests) / Double(max(1, totals.transactions)), "events")
        try await store.close()
        return rate
    }

    /// A session with `events` events, appended in batches of 1000.
    private func fill(_ manager: SessionManager, events: Int, withDeltas: Bool) async throws -> UUID {
        let session = try await manager.create(SessionSpec(application: "bench"))
        var written = 0
        while written < events {
            let n = min(1000, events - written)
            let batch = (0..<n).map { i in
                let k = written + i
                return NewEvent(
                    type: "tool.call", data: Self.data,
                    stateDelta: withDeltas ? ["step": .int(Int64(k)), "files": ["f\(k % 64)": .int(Int64(k))]] : nil)
            }
            _ = try await manager.append(session.id, batch)
            written += n
        }
        return session.id
    }

    private func median(_ clock: ContinuousClock, runs: Int, _ body: () async throws -> Void) async throws -> Double {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            try await body()
            samples.append((clock.now - start).seconds * 1000)
        }
        samples.sort()
        return samples[samples.count / 2]
    }
}

import Foundation
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite
import Synchronization

/// `sessiond bench embedded --only retention`: one retention run over a store of
/// `retentionSessions` completed sessions of ten events each (100,000 and 1M by default), with
/// single appends to a live session timed before and during it.
extension EmbeddedBenchmark {
    func retention() async throws {
        let store = try SQLiteSessionStore(path: path("retention"))
        try await store.withRunning {
            let manager = SessionManager(store: store)
            let clock = ContinuousClock()
            let start = clock.now
            try await Self.fill(manager, sessions: retentionSessions)
            emit("retention_build_s", (clock.now - start).seconds, "s")

            let live = try await manager.create(SessionSpec(application: "bench-live"))
            let before = try await Self.appendLatencies(manager, live.id, count: 2000, until: Probe())
            let archive = DirectoryArchiveStore(directory: URL(fileURLWithPath: folder + "/archive"))
            let policy = RetentionPolicy(periods: .init([.completed: .milliseconds(1)]))
            let probe = Probe()
            let runStart = clock.now
            async let latencies = Self.appendLatencies(manager, live.id, count: .max, until: probe)
            async let sampled: Void = Self.sampleResident(probe)
            let report: RetentionReport
            do {
                report = try await manager.runRetention(policy, archive: archive)
                probe.finish()
            } catch {
                probe.finish()
                throw error
            }
            let during = try await latencies
            try await sampled
            let seconds = (clock.now - runStart).seconds
            emit("retention_sessions", Double(report.total), "sessions")
            emit("retention_events", Double(report.events), "events")
            emit("retention_seconds", seconds, "s")
            emit("retention_sessions_per_s", Double(report.total) / seconds, "sessions/s")
            emit("retention_peak_rss_mb", Double(probe.peakResident) / 1_048_576, "MB")
            emit("retention_archive_mb", Double(Self.bytes(under: folder + "/archive")) / 1_048_576, "MB")
            let p99Before = Self.percentile(before, 0.99)
            let p99During = Self.percentile(during, 0.99)
            emit("retention_append_p99_before_ms", p99Before * 1000, "ms")
            emit("retention_append_p99_during_ms", p99During * 1000, "ms")
            emit("retention_append_p99_ratio", p99During / p99Before, "x")
        }
    }

    /// `sessions` completed sessions of ten events (created, started, six tool calls of about
    /// 300 bytes, state change and end), from 16 concurrent writers so their commits group.
    static func fill(_ manager: SessionManager, sessions: Int) async throws {
        let writers = 16
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for _ in stride(from: writer, to: sessions, by: writers) {
                        let session = try await manager.create(SessionSpec(application: "bench", userID: "user-\(writer)"))
                        _ = try await manager.append(session.id, (0..<6).map { _ in NewEvent(type: "tool.call", data: Self.data) })
                        _ = try await manager.end(session.id)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Whether the measured run is over, and the largest resident set seen meanwhile.
    final class Probe: Sendable {
        private let state = Mutex((done: false, peak: Int64(0)))

        var isDone: Bool { state.withLock { $0.done } }
        var peakResident: Int64 { state.withLock { $0.peak } }
        func finish() { state.withLock { $0.done = true } }
        func sample(_ bytes: Int64) { state.withLock { $0.peak = max($0.peak, bytes) } }
    }

    /// Seconds per single append, `count` of them or until `probe` is done.
    static func appendLatencies(_ manager: SessionManager, _ id: UUID, count: Int, until probe: Probe) async throws -> [Double] {
        let clock = ContinuousClock()
        var latencies: [Double] = []
        while latencies.count < count, !probe.isDone {
            let start = clock.now
            _ = try await manager.append(id, [NewEvent(type: "tool.call", data: Self.data)])
            latencies.append((clock.now - start).seconds)
        }
        return latencies
    }

    /// Samples the resident set every 50 ms until `probe` is done.
    static func sampleResident(_ probe: Probe) async throws {
        while !probe.isDone {
            probe.sample(ProcessStats.read().residentBytes ?? 0)
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    static func bytes(under path: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total: Int64 = 0
        for case let name as String in walker {
            total += (try? FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as? Int64) ?? 0
        }
        return total
    }
}

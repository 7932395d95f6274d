import Foundation
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite

/// `sessiond bench embedded --only encryption`: what sealing payloads costs appends and reads.
extension EmbeddedBenchmark {
    /// Rounds of the encryption part; each gives one ratio per figure, and the figure is their median.
    static var encryptionRounds: Int { 21 }

    /// `encryption_append_ratio`: 600 single appends of realistic agent events (1–4 KB tool
    /// outputs) with encryption on over the same with it off, default redaction on both;
    /// `encryption_batch_append_ratio`: 1,000 in batches of 100; `encryption_read_ratio`:
    /// reading the session back a page of 100 at a time. The two stores take turns (which goes
    /// first alternates) and each figure is the median of the rounds' ratios, so a burst of
    /// other work on the machine lands in one round, not in the figure. `encryption_seal_us`:
    /// sealing one event's data alone.
    func encryption() async throws {
        var corpus = AgentTextCorpus()
        let events = corpus.toolResults(count: 1_000)
        let cipher = try PayloadCipher(master: try MasterKey(hex: String(repeating: "3c", count: 32)), keyring: try SQLiteKeyring(path: folder + "/keys.sqlite"))
        var on = SessionManager.Configuration()
        on.cipher = cipher
        let managers = [
            SessionManager(store: try SQLiteSessionStore(path: folder + "/encryption-on.sqlite", configuration: .init(cipher: cipher)), configuration: on),
            SessionManager(store: try SQLiteSessionStore(path: folder + "/encryption-off.sqlite")),
        ]
        let clock = ContinuousClock()
        var ratios: [String: [Double]] = [:]
        for round in 0..<Self.encryptionRounds {
            var single = [Duration.zero, .zero], batched = [Duration.zero, .zero], read = [Duration.zero, .zero]
            for side in (round % 2 == 0 ? [1, 0] : [0, 1]) {
                let manager = managers[side]
                let id = try await manager.create(SessionSpec(application: "bench", userID: "bench-user-\(round)")).id
                var start = clock.now
                for event in events.prefix(600) { _ = try await manager.append(id, [event]) }
                single[side] = clock.now - start
                start = clock.now
                for batch in stride(from: 0, to: events.count, by: 100) { _ = try await manager.append(id, Array(events[batch..<(batch + 100)])) }
                batched[side] = clock.now - start
                start = clock.now
                var after: Int64 = 0
                while let last = try await manager.store.events(id, afterSeq: after, limit: 100, types: []).last { after = last.seq }
                read[side] = clock.now - start
            }
            ratios["encryption_append_ratio", default: []].append(single[1].seconds / single[0].seconds)
            ratios["encryption_batch_append_ratio", default: []].append(batched[1].seconds / batched[0].seconds)
            ratios["encryption_read_ratio", default: []].append(read[1].seconds / read[0].seconds)
        }
        for manager in managers { try await manager.store.close() }
        for name in ["encryption_append_ratio", "encryption_batch_append_ratio", "encryption_read_ratio"] {
            let sorted = (ratios[name] ?? []).sorted()
            emit(name, sorted[sorted.count / 2], "x")
        }
        let texts = events.map { JSONWriter.string($0.data) }
        let id = UUID()
        let start = clock.now
        for text in texts { _ = try cipher.sealBytes(text, user: "bench-user", sessionID: id, field: "data") }
        emit("encryption_seal_us", (clock.now - start).seconds / Double(texts.count) * 1e6, "us")
    }
}

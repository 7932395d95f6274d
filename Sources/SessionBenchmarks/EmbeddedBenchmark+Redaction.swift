import Foundation
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite

/// `sessiond bench embedded --only redaction`: the scanner's speed on clean text, what the
/// default rules cost an append of realistic agent events, and recall and false positives on
/// a labelled sample.
extension EmbeddedBenchmark {
    func redaction() async throws {
        var corpus = AgentTextCorpus()
        scanSpeed(&corpus)
        accuracy(&corpus)
        try await appendCost(&corpus)
    }

    /// `redaction_scan_mb_s`: the built-in scanner alone over 8 MB of clean tool output, one core.
    private func scanSpeed(_ corpus: inout AgentTextCorpus) {
        let text = corpus.cleanText(bytes: 8 << 20)
        let scanner = SecretScanner()
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<Self.rounds {
            let start = clock.now
            precondition(scanner.scan(text).isEmpty, "the clean corpus has a finding")
            best = min(best, (clock.now - start).seconds)
        }
        emit("redaction_scan_mb_s", Double(text.utf8.count) / 1_048_576 / best, "MB/s")
    }

    /// `redaction_recall` over random planted secrets of every built-in kind (100 each), and
    /// `redaction_false_positive_rate` over 100,000 clean lines of code, logs and lock files.
    private func accuracy(_ corpus: inout AgentTextCorpus) {
        let redactor = Redactor()
        var planted = 0
        var caught = 0
        for kind in SecretKind.allCases {
            let before = caught
            defer { if caught - before < 100 { emit("redaction_missed_\(kind.rawValue)", Double(100 - (caught - before)), "of 100") } }
            for _ in 0..<100 {
                let (line, secret) = corpus.planted(kind)
                var redactions: [Redaction] = []
                let result = redactor.redact(text: line, field: "data", application: "bench", into: &redactions) ?? ""
                planted += 1
                if !result.contains(secret), redactions.contains(where: { $0.rule == kind.rawValue }) { caught += 1 }
            }
        }
        emit("redaction_recall", Double(caught) / Double(planted) * 100, "%")
        let scanner = SecretScanner()
        var flagged = 0
        let lines = 100_000
        for _ in 0..<lines where !scanner.scan(corpus.cleanLine()).isEmpty { flagged += 1 }
        emit("redaction_false_positive_rate", Double(flagged) / Double(lines) * 100, "%")
    }

    /// `redaction_append_ratio`: single appends of 1–4 KB tool outputs (three secrets per hundred
    /// events) with the default rules over the same with redaction off, in alternating rounds;
    /// `redaction_batch_append_ratio`: the same in batches of 100, where CPU, not the commit,
    /// dominates.
    private func appendCost(_ corpus: inout AgentTextCorpus) async throws {
        let events = corpus.toolResults(count: 500)
        var on = SessionManager.Configuration()
        on.redactor = Redactor()
        var off = SessionManager.Configuration()
        off.redactor = .off
        let managers = [
            SessionManager(store: try SQLiteSessionStore(path: folder + "/redaction-on.sqlite"), configuration: on),
            SessionManager(store: try SQLiteSessionStore(path: folder + "/redaction-off.sqlite"), configuration: off),
        ]
        var sessions: [UUID] = []
        for manager in managers { sessions.append(try await manager.create(SessionSpec(application: "bench")).id) }
        let clock = ContinuousClock()
        var single = [Duration.zero, .zero]
        var batched = [Duration.zero, .zero]
        for _ in 0..<Self.rounds {
            for side in [1, 0] {
                let start = clock.now
                for event in events.prefix(100) { _ = try await managers[side].append(sessions[side], [event]) }
                single[side] += clock.now - start
                let batchStart = clock.now
                for batch in stride(from: 0, to: events.count, by: 100) {
                    _ = try await managers[side].append(sessions[side], Array(events[batch..<(batch + 100)]))
                }
                batched[side] += clock.now - batchStart
            }
        }
        for manager in managers { try await manager.store.close() }
        emit("redaction_append_ratio", single[1].seconds / single[0].seconds, "x")
        emit("redaction_batch_append_ratio", batched[1].seconds / batched[0].seconds, "x")
        emit("redaction_batch_append_rate", Double(events.count * Self.rounds) / batched[0].seconds, "events/s")
    }
}

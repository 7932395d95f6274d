import ArgumentParser
import Foundation
import SessionBenchmarks
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite

struct EmbeddedBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embedded", abstract: "Benchmark the embedded engine on SQLite against raw SQLite inserts.",
        discussion: """
            Runs in a temp folder (or --dir) and prints one figure per line (`name value unit`, or JSON objects with \
            --json). Rates are compared with a raw single-row-insert baseline measured in the same run, with the same \
            library and settings, because shared machines are noisy.
            """)

    @Flag(help: "One JSON object per line: name, value, unit.") var json = false
    @Option(help: "Folder for the benchmark databases (default: a new temp folder, removed afterwards).") var dir: String?
    @Option(help: "Events per single-append measurement.") var singleCount = 5000
    @Option(help: "Events per writer in the group-commit measurement.") var groupCount = 300
    @Option(help: "Events in the large session for state reads.") var largeSession = 100_000
    @Option(help: "Run only these parts, comma separated: core, single, durable, reads, redaction, encryption, tracing; retention runs only when named.") var only: String?
    @Option(help: "Completed sessions (ten events each) of the retention part.") var retentionSessions = 100_000

    func run() async throws {
        try await CLIRunner.run {
            let folder = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-bench-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
            var bench = EmbeddedBenchmark(folder: folder, singleCount: singleCount, groupCount: groupCount, largeSession: largeSession) { figure in
                if json {
                    Output.json(["name": .string(figure.name), "value": .double((figure.value * 1000).rounded() / 1000), "unit": .string(figure.unit)])
                } else {
                    Output.line("\(figure.name.padding(26)) \(String(format: "%12.3f", figure.value)) \(figure.unit)")
                }
            }
            bench.only = Set((only ?? "").split(separator: ",").map { String($0) })
            bench.retentionSessions = retentionSessions
            try await bench.run()
        }
    }
}

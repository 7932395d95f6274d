import ArgumentParser
import Foundation
import SessionBenchmarks
import SessionCore

struct HTTPBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http", abstract: "Benchmark `sessiond serve` over HTTP against a bare endpoint of the same server.",
        discussion: """
            Starts `sessiond serve` on a temp SQLite file (or uses --url, which must have been started with the hidden \
            --bench-endpoint flag) and drives it from concurrent keep-alive connections. Appends are compared with \
            POST /v1/bench/bare, which reads and checks the same JSON body and answers 201 without the store; the two \
            alternate in rounds so both see the same machine noise. With the sessions of the run stored it times \
            GET /metrics (metrics_scrape_ms) and adds up the dashboard's first load (dashboard_bytes). Then it starts four \
            more servers, with metrics, JSON logs at info and OTLP traces (to a sink in this process) off, all on, on but \
            traces, and on with one trace in ten sampled, and alternates appends among them in twice the rounds of half \
            the length; each ratio is the median of the rounds' ratios against the off server (observability_ratio, \
            observability_untraced_ratio, observability_sampled_ratio), next to each server's CPU time per append; \
            observability_spans_per_append counts the spans the sink received. Last, two servers, with the default redaction             rules and with a policy that turns them off, take turns on single appends of 1–4 KB agent tool outputs (three             secrets per hundred): http_redaction_append_ratio. --only runs one of the three parts. One figure per line (`name value unit`, or \
            JSON objects with --json).
            """)

    @Flag(help: "One JSON object per line: name, value, unit.") var json = false
    @Option(help: "A running server to measure instead of starting one.") var url: String?
    @Option(help: "Concurrent keep-alive connections.") var connections = 64
    @Option(help: "Seconds per measured round.") var seconds: Double = 2
    @Option(help: "Rounds of bare and append load.") var rounds = 3
    @Option(help: "Sessions created (and left idle) for the create rate and the memory figure.") var sessions = 10_000
    @Option(help: "Folder for the servers' databases and logs (default: a new temp folder, removed afterwards).") var dir: String?
    @Option(help: "Run only one part: server (the figures against the bare endpoint), observability or redaction.")
    var only: HTTPBenchmark.Part?

    func run() async throws {
        try await CLIRunner.run {
            let folder = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-http-bench-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
            let bench = HTTPBenchmark(
                url: url, folder: folder, connections: max(1, connections), round: .milliseconds(Int64(seconds * 1000)),
                rounds: max(1, rounds), sessions: max(1, sessions), parts: only.map { [$0] } ?? HTTPBenchmark.Part.allCases
            ) { figure in
                if json {
                    Output.json(["name": .string(figure.name), "value": .double((figure.value * 1000).rounded() / 1000), "unit": .string(figure.unit)])
                } else {
                    Output.line("\(figure.name.padding(26)) \(String(format: "%12.3f", figure.value)) \(figure.unit)")
                }
            }
            try await bench.run()
        }
    }
}

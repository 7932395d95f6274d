import AsyncHTTPClient
import Foundation
import NIOCore
import SessionCore
import Synchronization

/// `sessiond bench http --only redaction`: single appends of realistic agent events (1–4 KB tool
/// outputs, three secrets per hundred) to a server with the default rules over one started with
/// a policy that turns redaction off, in alternating rounds.
extension HTTPBenchmark {
    func measureRedaction(client: HTTPClient) async throws {
        let policy = folder + "/redaction-off.json"
        try Data(#"{"redaction": {"enabled": false}}"#.utf8).write(to: URL(fileURLWithPath: policy))
        let off = try await ServerProcess.start(folder: folder, client: client, name: "redaction-off", arguments: ["--policy", policy])
        defer { off.stop() }
        let on = try await ServerProcess.start(folder: folder, client: client, name: "redaction-on")
        defer { on.stop() }
        var corpus = AgentTextCorpus()
        let bodies = corpus.toolResults(count: 300).map { ByteBuffer(bytes: JSONWriter.bytes($0.json)) }
        let servers = [off, on]
        var targets: [[String]] = [[], []]
        for (index, server) in servers.enumerated() {
            for _ in 0..<connections {
                let created = try await Self.post(client, "\(server.baseURL)/v1/sessions", #"{"application":"bench","user_id":"bench"}"#)
                guard let id = created.json?["id"]?.stringValue else { throw SessionError(.invalidArgument, "cannot create a session") }
                targets[index].append("\(server.baseURL)/v1/sessions/\(id)/events")
            }
        }
        var cpu = [Duration.zero, .zero]
        var requests = [0, 0]
        var roundRates: [[Double]] = [[], []]
        for _ in 0..<(2 * rounds) {
            for index in servers.indices {
                let urls = targets[index]
                let before = servers[index].cpuTime()
                let counter = Counter()
                let result = try await load(client: client, round: round / 2) { worker in
                    try await Self.expect(client, urls[worker], bodies[counter.next() % bodies.count], status: 201)
                }
                cpu[index] += servers[index].cpuTime() - before
                requests[index] += result.requests
                roundRates[index].append(result.rate)
            }
        }
        let ratios = zip(roundRates[1], roundRates[0]).map { $0 / max($1, 1e-9) }.sorted()
        let median = ratios.count % 2 == 1 ? ratios[ratios.count / 2] : (ratios[ratios.count / 2 - 1] + ratios[ratios.count / 2]) / 2
        emit("http_redaction_off_cpu_us", cpu[0].seconds * 1e6 / Double(max(requests[0], 1)), "us/append")
        emit("http_redaction_on_cpu_us", cpu[1].seconds * 1e6 / Double(max(requests[1], 1)), "us/append")
        emit("http_redaction_append_ratio", median, "x")
    }
}

/// A shared count the load's workers take turns on, to cycle through the bodies.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { value in defer { value += 1 }; return value } }
}

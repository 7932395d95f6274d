import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SessionCore
import SessionKit
import SessionServer

/// The measurements of `sessiond bench http`.
package struct HTTPBenchmark {
    /// The two halves of the run.
    package enum Part: String, CaseIterable, ExpressibleByArgument, Sendable {
        /// Appends, creates, ends, memory and the scrape against the bare endpoint.
        case server
        /// Appends with metrics, logs and traces on and off.
        case observability
        /// Appends of realistic agent events with the default redaction rules on and off.
        case redaction
    }

    let url: String?
    let folder: String
    let connections: Int
    let round: Duration
    let rounds: Int
    let sessions: Int
    let parts: [Part]
    let report: (EmbeddedBenchmark.Figure) -> Void

    package init(
        url: String?, folder: String, connections: Int, round: Duration, rounds: Int, sessions: Int, parts: [Part],
        report: @escaping (EmbeddedBenchmark.Figure) -> Void
    ) {
        self.url = url
        self.folder = folder
        self.connections = connections
        self.round = round
        self.rounds = rounds
        self.sessions = sessions
        self.parts = parts
        self.report = report
    }

    func emit(_ name: String, _ value: Double, _ unit: String) {
        report(EmbeddedBenchmark.Figure(name: name, value: value, unit: unit))
    }

    package func run() async throws {
        var config = HTTPClient.Configuration()
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        var server: ServerProcess?
        do {
            if parts.contains(.server) {
                let base: String
                if let url {
                    base = url
                } else {
                    let started = try await ServerProcess.start(folder: folder, client: client)
                    server = started
                    base = started.baseURL
                    emit("startup_ready_ms", started.readyAfter.seconds * 1000, "ms")
                    emit("rss_start_mb", started.residentMB(), "MB")
                }
                try await measure(base: base, client: client, server: server)
                server?.stop()
            }
            if url == nil, parts.contains(.observability) { try await measureObservability(client: client) }
            if url == nil, parts.contains(.redaction) { try await measureRedaction(client: client) }
            try await client.shutdown()
        } catch {
            server?.stop()
            try? await client.shutdown()
            throw error
        }
        emit("peak_rss_mb", Double(ProcessStats.peakResidentBytes()) / 1_048_576, "MB")
    }

    private func measure(base: String, client: HTTPClient, server: ServerProcess?) async throws {
        let appendBody = ByteBuffer(bytes: JSONWriter.bytes(["type": "tool.call", "data": EmbeddedBenchmark.data]))
        var targets: [String] = []
        for _ in 0..<connections {
            let created = try await Self.post(client, "\(base)/v1/sessions", #"{"application":"bench","user_id":"bench"}"#)
            guard let id = created.json?["id"]?.stringValue else { throw SessionError(.invalidArgument, "cannot create a session: \(created.status)") }
            targets.append("\(base)/v1/sessions/\(id)/events")
        }
        let urls = targets
        var bare = LoadResult()
        var append = LoadResult()
        for _ in 0..<rounds {
            bare.merge(try await load(client: client) { worker in
                try await Self.expect(client, "\(base)/v1/bench/bare", appendBody, status: 201)
            })
            append.merge(try await load(client: client) { worker in
                try await Self.expect(client, urls[worker], appendBody, status: 201)
            })
        }
        emit("bare_rate", bare.rate, "req/s")
        emit("append_rate", append.rate, "events/s")
        emit("append_ratio", append.rate / bare.rate, "x")
        emit("bare_p50_ms", bare.percentile(0.50), "ms")
        emit("bare_p99_ms", bare.percentile(0.99), "ms")
        emit("append_p50_ms", append.percentile(0.50), "ms")
        emit("append_p99_ms", append.percentile(0.99), "ms")
        emit("append_p99_over_bare", append.percentile(0.99) / bare.percentile(0.99), "x")

        // Sessions created and left idle, then ended.
        let createBody = ByteBuffer(string: #"{"application":"bench","user_id":"idle"}"#)
        let created = IDBox()
        let perWorker = (sessions + connections - 1) / connections
        let creation = try await fixedLoad(count: perWorker) { _ in
            let response = try await Self.post(client, "\(base)/v1/sessions", createBody)
            guard response.status == 201, let id = response.json?["id"]?.stringValue else {
                throw SessionError(.invalidArgument, "create answered \(response.status)")
            }
            created.append(id)
        }
        emit("create_rate", creation.rate, "sessions/s")
        if let server { emit("rss_10k_idle_mb", server.residentMB(), "MB") }
        try await measureScrape(base: base, client: client)
        try await measureDashboard(base: base, client: client)
        let ids = created.all
        let ending = try await fixedLoad(count: perWorker) { worker, index in
            let at = worker * perWorker + index
            guard at < ids.count else { return }
            try await Self.expect(client, "\(base)/v1/sessions/\(ids[at])/end", ByteBuffer(), status: 200)
        }
        emit("end_rate", ending.rate, "sessions/s")
    }

    // MARK: Observability

    /// `GET /metrics` with the sessions of the run in the store: the median of 20 scrapes.
    private func measureScrape(base: String, client: HTTPClient) async throws {
        var times: [Double] = []
        for _ in 0..<20 {
            let began = ContinuousClock.now
            let (status, _) = try await Self.get(client, base + "/metrics")
            guard status == 200 else { throw SessionError(.invalidArgument, "/metrics answered \(status)") }
            times.append((ContinuousClock.now - began).seconds * 1000)
        }
        emit("metrics_scrape_ms", times.sorted()[times.count / 2], "ms")
    }

    /// Bytes of the dashboard's first load: its page, styles and script modules, and the API answers the overview
    /// asks for (the API description, the overview and groups of the default window, the
    /// sessions active in the last minutes and one page of events for the live feed).
    private func measureDashboard(base: String, client: HTTPClient) async throws {
        let since = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000) - 10 * 60_000).iso8601
        var total = 0
        var firstSession: String?
        for path in DashboardFiles.paths + [
            "/openapi.yaml", "/v1/analytics/overview?window=24h", "/v1/analytics/groups?by=project&window=24h",
            "/v1/sessions?limit=20&active_from=\(since)",
        ] {
            let (status, body) = try await Self.get(client, base + path)
            guard status == 200 else { throw SessionError(.invalidArgument, "\(path) answered \(status)") }
            total += body.count
            if path.hasPrefix("/v1/sessions?") {
                firstSession = (try? JSONParser.parse(body))?["sessions"]?.arrayValue?.first?["id"]?.stringValue
            }
        }
        if let firstSession {
            total += try await Self.get(client, base + "/v1/sessions/\(firstSession)/events?after_seq=0&limit=100").body.count
        }
        emit("dashboard_bytes", Double(total), "bytes")
    }

    /// Appends with metrics, JSON logs at info and tracing on, against a server with them off:
    /// two more servers, measured in alternating rounds.
    private func measureObservability(client: HTTPClient) async throws {
        try await OTLPSink.withSink { traced, tracedPort in
            try await OTLPSink.withSink { _, sampledPort in
                try await measureObservability(client: client, traced: traced, tracedPort: tracedPort, sampledPort: sampledPort)
            }
        }
    }

    private func measureObservability(client: HTTPClient, traced: OTLPSink, tracedPort: Int, sampledPort: Int) async throws {
        let off = try await ServerProcess.start(folder: folder, client: client, name: "observability-off", arguments: ["--no-metrics"])
        defer { off.stop() }
        let on = try await ServerProcess.start(
            folder: folder, client: client, name: "observability-on", arguments: ["--log-format", "json", "--log-level", "info"],
            environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(tracedPort)"])
        defer { on.stop() }
        // The same without traces: what metrics and logs cost on their own.
        let untraced = try await ServerProcess.start(
            folder: folder, client: client, name: "observability-untraced", arguments: ["--log-format", "json", "--log-level", "info"])
        defer { untraced.stop() }
        // Traced with the usual head sampling of a busy service: one trace in ten recorded.
        let sampled = try await ServerProcess.start(
            folder: folder, client: client, name: "observability-sampled", arguments: ["--log-format", "json", "--log-level", "info"],
            environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(sampledPort)", "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG": "0.1",
            ])
        defer { sampled.stop() }
        let servers = [off, on, untraced, sampled]
        let appendBody = ByteBuffer(bytes: JSONWriter.bytes(["type": "tool.call", "data": EmbeddedBenchmark.data]))
        var results = Array(repeating: LoadResult(), count: servers.count)
        var targets: [[String]] = Array(repeating: [], count: servers.count)
        for (index, server) in servers.enumerated() {
            for _ in 0..<connections {
                let created = try await Self.post(client, "\(server.baseURL)/v1/sessions", #"{"application":"bench","user_id":"bench"}"#)
                guard let id = created.json?["id"]?.stringValue else { throw SessionError(.invalidArgument, "cannot create a session") }
                targets[index].append("\(server.baseURL)/v1/sessions/\(id)/events")
            }
        }
        // CPU time each server spends in its rounds: a cost per append that machine noise moves less than a rate.
        var cpu = Array(repeating: Duration.zero, count: servers.count)
        var roundRates = Array(repeating: [Double](), count: servers.count)
        // Twice the rounds of the other figures, shorter ones: four servers take turns, and a
        // burst of noise on the shared machine then spoils one round, not a figure.
        for _ in 0..<(2 * rounds) {
            for index in servers.indices {
                let urls = targets[index]
                let before = servers[index].cpuTime()
                let result = try await load(client: client, round: round / 2) { worker in
                    try await Self.expect(client, urls[worker], appendBody, status: 201)
                }
                cpu[index] += servers[index].cpuTime() - before
                roundRates[index].append(result.rate)
                results[index].merge(result)
            }
        }
        /// The median over rounds of a server's rate over the off server's in the same round.
        func ratio(_ index: Int) -> Double {
            let ratios = zip(roundRates[index], roundRates[0]).map { $0 / max($1, 1e-9) }.sorted()
            return ratios.count % 2 == 1 ? ratios[ratios.count / 2] : (ratios[ratios.count / 2 - 1] + ratios[ratios.count / 2]) / 2
        }
        func cpuPerAppend(_ index: Int) -> Double { cpu[index].seconds * 1e6 / Double(max(results[index].requests, 1)) }
        emit("observability_off_cpu_us", cpuPerAppend(0), "us/append")
        emit("observability_on_cpu_us", cpuPerAppend(1), "us/append")
        emit("observability_untraced_cpu_us", cpuPerAppend(2), "us/append")
        emit("observability_off_rate", results[0].rate, "events/s")
        emit("observability_on_rate", results[1].rate, "events/s")
        emit("observability_ratio", ratio(1), "x")
        emit("observability_untraced_ratio", ratio(2), "x")
        emit("observability_sampled_ratio", ratio(3), "x")
        // Stopping the traced server flushes its last spans; each append should have sent two.
        on.stop()
        emit("observability_spans_per_append", Double(traced.appendSpans) / Double(max(results[1].requests, 1)), "spans")
    }

    // MARK: Load

    struct LoadResult {
        var requests = 0
        var elapsed = Duration.zero
        var latencies: [Double] = []  // milliseconds

        var rate: Double { Double(requests) / max(elapsed.seconds, 1e-9) }

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }

        mutating func merge(_ other: LoadResult) {
            requests += other.requests
            elapsed += other.elapsed
            latencies += other.latencies
        }
    }

    /// `connections` workers sending requests back to back for one round.
    func load(client: HTTPClient, round: Duration? = nil, _ request: @escaping @Sendable (Int) async throws -> Void) async throws -> LoadResult {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + (round ?? self.round)
        let perWorker = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var latencies: [Double] = []
                    while clock.now < deadline {
                        let began = clock.now
                        try await request(worker)
                        latencies.append((clock.now - began).seconds * 1000)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let latencies = perWorker.flatMap { $0 }
        return LoadResult(requests: latencies.count, elapsed: clock.now - start, latencies: latencies)
    }

    /// `connections` workers sending `count` requests each.
    private func fixedLoad(count: Int, _ request: @escaping @Sendable (Int, Int) async throws -> Void) async throws -> LoadResult {
        let clock = ContinuousClock()
        let start = clock.now
        let connections = self.connections
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<connections {
                group.addTask { for index in 0..<count { try await request(worker, index) } }
            }
            try await group.waitForAll()
        }
        return LoadResult(requests: count * connections, elapsed: clock.now - start)
    }

    private func fixedLoad(count: Int, _ request: @escaping @Sendable (Int) async throws -> Void) async throws -> LoadResult {
        try await fixedLoad(count: count) { worker, _ in try await request(worker) }
    }

    // MARK: HTTP

    struct Reply {
        var status: Int
        var json: JSONValue?
    }

    static func post(_ client: HTTPClient, _ url: String, _ body: String) async throws -> Reply {
        try await post(client, url, ByteBuffer(string: body))
    }

    static func post(_ client: HTTPClient, _ url: String, _ body: ByteBuffer) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), json: try? JSONParser.parse(Array(buffer: bytes)))
    }

    static func get(_ client: HTTPClient, _ url: String) async throws -> (status: Int, body: [UInt8]) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), Array(buffer: bytes))
    }

    static func expect(_ client: HTTPClient, _ url: String, _ body: ByteBuffer, status: Int) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard Int(response.status.code) == status else {
            throw SessionError(.invalidArgument, "\(url) answered \(response.status.code)")
        }
    }
}

/// Collects ids from concurrent workers.
final class IDBox: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []

    func append(_ id: String) {
        lock.lock()
        ids.append(id)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return ids
    }
}

/// A `sessiond serve` child process on a free loopback port.
struct ServerProcess {
    let process: Process
    let baseURL: String
    let readyAfter: Duration

    /// Starts `sessiond serve` on its own SQLite file in `folder`, with `--log-level warning`
    /// unless `arguments` set logging themselves.
    static func start(
        folder: String, client: HTTPClient, name: String = "server", arguments: [String] = [], environment: [String: String] = [:]
    ) async throws -> ServerProcess {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let logging = arguments.contains("--log-level") ? [] : ["--log-level", "warning"]
        process.arguments = ["serve", "--port", "\(port)", "--db", folder + "/\(name).sqlite", "--bench-endpoint"] + logging + arguments
        // Its output goes to `NAME.log` next to its database (kept with --dir).
        _ = FileManager.default.createFile(atPath: folder + "/\(name).log", contents: nil)
        let log = FileHandle(forWritingAtPath: folder + "/\(name).log") ?? FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        var inherited = ProcessInfo.processInfo.environment
        // Only the "on" server of the observability figure exports traces.
        for key in inherited.keys where key.hasPrefix("OTEL_") { inherited[key] = nil }
        process.environment = inherited.merging(environment) { $1 }
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        let base = "http://127.0.0.1:\(port)"
        while true {
            if !process.isRunning { throw SessionError(.invalidArgument, "the server exited with \(process.terminationStatus)") }
            if clock.now - start > .seconds(30) { throw SessionError(.invalidArgument, "the server did not become ready") }
            var request = HTTPClientRequest(url: base + "/health/ready")
            request.method = .GET
            if let response = try? await client.execute(request, timeout: .seconds(1)), response.status.code == 200 {
                _ = try? await response.body.collect(upTo: 1 << 16)
                break
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        return ServerProcess(process: process, baseURL: base, readyAfter: clock.now - start)
    }

    /// User and system CPU time the server has used so far.
    func cpuTime() -> Duration {
        ProcessStats.read(pid: process.processIdentifier).cpuTime ?? .zero
    }

    /// Resident memory of the server now.
    func residentMB() -> Double {
        Double(ProcessStats.read(pid: process.processIdentifier).residentBytes ?? 0) / 1_048_576
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SessionError(.invalidArgument, "no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw SessionError(.invalidArgument, "cannot bind") }
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard named == 0 else { throw SessionError(.invalidArgument, "cannot read the port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

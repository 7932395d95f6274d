import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SessionCore
import SessionKit
import TestSupport
import Testing

@testable import sessiond
import SessionServer

@Suite struct CLIParsingTests {
    @Test func createParsesItsOptions() async throws {
        let command = try Sessiond.parseAsRoot([
            "create", "--app", "claude", "--user", "u1", "--label", "team=core", "--label", "tier=1", "--idle-after", "2m",
            "--heartbeat-interval", "15s", "--no-capture", "--json", "--db", "/tmp/x.sqlite",
        ])
        let create = try #require(command as? CreateCommand)
        #expect(create.app == "claude")
        #expect(create.user == "u1")
        #expect(create.label == ["team=core", "tier=1"])
        #expect(create.idleAfter == "2m")
        #expect(create.heartbeatInterval == "15s")
        #expect(create.noCapture)
        #expect(create.store.json)
        #expect(create.store.db == "/tmp/x.sqlite")
    }

    @Test func everySubcommandParses() async throws {
        let id = "0192f1f0-0000-7000-8000-000000000000"
        let lines: [[String]] = [
            ["append", id, "--type", "t", "--data", "{}", "--expected-seq", "3", "--idempotency-key", "k"],
            ["append", id, "--jsonl", "-"], ["show", id], ["ls", "--status", "live", "--limit", "5"],
            ["events", id, "--after-seq", "2", "--limit", "10", "--type", "a"], ["state", id, "--at-seq", "4"],
            ["tree", id], ["metrics", id], ["verify", id], ["heartbeat", id], ["suspend", id], ["resume", id],
            ["recover", id], ["undo", id], ["redo", id], ["end", id, "--reason", "done"], ["fail", id], ["terminate", id],
            ["sweep"], ["bench", "embedded", "--json"], ["start", id],
        ]
        for line in lines {
            #expect(throws: Never.self, "\(line)") { _ = try Sessiond.parseAsRoot(line) }
        }
        #expect(throws: (any Error).self) { _ = try Sessiond.parseAsRoot(["create", "--synchronous", "sometimes"]) }
    }

    /// Every move is the one command shape: its name is the move, and it takes `--reason`.
    @Test(arguments: SessionMove.allCases)
    func everyMoveIsACommandWithAReason(_ move: SessionMove) async throws {
        let id = "0192f1f0-0000-7000-8000-000000000000"
        let command = try Sessiond.parseAsRoot([move.rawValue, id, "--reason", "why"])
        let parsed: (SessionMove, String?)? =
            switch command {
            case let c as MoveCommand<StartMove>: (StartMove.move, c.reason)
            case let c as MoveCommand<SuspendMove>: (SuspendMove.move, c.reason)
            case let c as MoveCommand<ResumeMove>: (ResumeMove.move, c.reason)
            case let c as MoveCommand<EndMove>: (EndMove.move, c.reason)
            case let c as MoveCommand<FailMove>: (FailMove.move, c.reason)
            case let c as MoveCommand<TerminateMove>: (TerminateMove.move, c.reason)
            default: nil
            }
        #expect(parsed?.0 == move)
        #expect(parsed?.1 == "why")
    }

    @Test func defaultDatabaseFollowsXDG() {
        #expect(StoreOptions.defaultDatabasePath(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/a"]) == "/x/data/sessiond/sessions.sqlite")
        #expect(StoreOptions.defaultDatabasePath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/sessiond/sessions.sqlite")
    }
}

@Suite struct CLIProcessTests {
    @Test func sessionLifecycleThroughTheCLI() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let created = try await cli.run(["create", "--app", "agent", "--user", "u1", "--label", "k=v", "--no-capture", "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let session = try created.json()
        let id = try #require(session["id"]?.stringValue)
        #expect(session["status"] == "active")
        #expect(session["application"] == "agent")
        #expect(session["labels"] == ["k": "v"])

        let appended = try await cli.run(["append", id, "--type", "tool.call", "--data", #"{"tool":"grep"}"#, "--state-delta", #"{"step":1}"#, "--json"])
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(try appended.json()["seq"] == 3)

        let conflict = try await cli.run(["append", id, "--type", "x", "--expected-seq", "1"])
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("sequence_conflict"))
        let badJSON = try await cli.run(["append", id, "--type", "x", "--data", "{oops"])
        #expect(badJSON.status == 1)
        #expect(badJSON.stderr.contains("invalid_json"))
        let badDelta = try await cli.run(["append", id, "--type", "x", "--state-delta", "[1]"])
        #expect(badDelta.status == 1)
        #expect(badDelta.stderr.contains("invalid_state_delta"))

        #expect(try await cli.run(["state", id, "--json"]).json()["state"] == ["step": 1])
        #expect(try await cli.run(["events", id, "--json"]).jsonLines().map { $0["type"] } == ["session.created", "session.state_changed", "tool.call"])
        #expect(try await cli.run(["ls", "--user", "u1", "--json"]).jsonLines().count == 1)
        #expect(try await cli.run(["verify", id]).status == 0)

        let ended = try await cli.run(["end", id, "--reason", "done", "--json"])
        #expect(try ended.json()["status"] == "completed")
        let again = try await cli.run(["end", id])
        #expect(again.status == 1)
        #expect(again.stderr.contains("invalid_transition"))
        let metrics = try await cli.run(["metrics", id, "--json"]).json()
        #expect(metrics["outcome"] == "ok")
        #expect(metrics["events"] == 1)
        let unknown = try await cli.run(["show", "0192f1f0-0000-7000-8000-000000000000"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("session_not_found"))
    }

    @Test func jsonLinesAreAppendedInAtomicBatchesAndABadLineStops() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let id = try #require(try await cli.run(["create", "--no-capture", "--json"]).json()["id"]?.stringValue)
        var input = (1...2500).map { #"{"type":"note","data":{"i":\#($0)},"idempotency_key":"k\#($0)"}"# }.joined(separator: "\n")
        let ok = try await cli.run(["append", id, "--jsonl", "-"], stdin: input)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("appended 2500 events"))
        // Replaying the same lines (a retry) writes nothing new.
        _ = try await cli.run(["append", id, "--jsonl", "-"], stdin: input)
        #expect(try await cli.run(["show", id, "--json"]).json()["last_seq"] == 2502)

        input = #"{"type":"a"}"# + "\n" + #"{"type":"b","data":{"x":1}}"# + "\n" + #"{"type":"c","state_delta":5}"# + "\n" + #"{"type":"d"}"#
        let bad = try await cli.run(["append", id, "--jsonl", "-"], stdin: input)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("invalid_state_delta"))
        #expect(bad.stderr.contains("line 3"))
        let last = try await cli.run(["events", id, "--after-seq", "2502", "--json"]).jsonLines().map { $0["type"] }
        #expect(last == ["a", "b"])
    }

    @Test func concurrentProcessesOnOneFileAllSucceed() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let id = try #require(try await cli.run(["create", "--no-capture", "--json"]).json()["id"]?.stringValue)
        let processes = 8, each = 5
        let statuses = try await withThrowingTaskGroup(of: [Int32].self) { group in
            for p in 0..<processes {
                group.addTask {
                    var statuses: [Int32] = []
                    for i in 0..<each {
                        let result = try await cli.run(["append", id, "--type", "hook", "--data", #"{"p":\#(p),"i":\#(i)}"#])
                        statuses.append(result.status)
                    }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(statuses.count == processes * each)
        #expect(statuses.allSatisfy { $0 == 0 })
        let events = try await cli.run(["events", id, "--type", "hook", "--limit", "1000", "--json"]).jsonLines()
        #expect(events.count == processes * each)
        let seqs = try await cli.run(["events", id, "--limit", "1000", "--json"]).jsonLines().compactMap { $0["seq"]?.int64Value }
        #expect(seqs == Array(1...Int64(processes * each + 2)))
        #expect(try await cli.run(["verify", id]).status == 0)
    }

    @Test func sweepEndsAndCascadesThroughTheCLI() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        // Deadlines of a millisecond pass while the next process starts: no sleeping needed.
        let parent = try #require(try await cli.run(["create", "--no-capture", "--expire-after", "1ms", "--json"]).json()["id"]?.stringValue)
        let child = try #require(try await cli.run(["create", "--no-capture", "--parent", parent, "--json"]).json()["id"]?.stringValue)
        let report = try await cli.run(["sweep", "--json"]).json()
        #expect(report["expired"] == 1)
        #expect(report["cascaded"] == 1)
        #expect(try await cli.run(["show", child, "--json"]).json()["end_reason"] == "parent_closed")
        let tree = try await cli.run(["tree", parent, "--json"]).json()
        #expect(tree["metrics"]?["sessions"] == 2)
    }

    @Test func contextIsCapturedUnlessTurnedOff() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let dir = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        let captured = try await cli.run(["create", "--app", "ide", "--app-version", "1.2.3", "--json"], directory: dir).json()
        #expect(captured["context"]?["project"]?["cwd"]?.stringValue?.hasSuffix(URL(fileURLWithPath: dir).lastPathComponent) == true)
        #expect(captured["context"]?["app"]?["version"] == "1.2.3")
        #expect((captured["context"]?["system"]?["cpus"]?.int64Value ?? 0) > 0)
        let bare = try await cli.run(["create", "--no-capture", "--json"]).json()
        #expect(bare["context"] == .emptyObject)
    }

    @Test func defaultDatabaseIsUnderXDGDataHome() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let home = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = home
        let created = try await cli.run(["create", "--no-capture"], environment: env, withDatabase: false)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/sessiond/sessions.sqlite"))
    }

    @Test func benchPrintsEveryFigureAsJSONLines() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let dir = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        let bench = try await cli.run(
            ["bench", "embedded", "--json", "--dir", dir, "--single-count", "50", "--group-count", "5", "--large-session", "300"], withDatabase: false)
        #expect(bench.status == 0, "\(bench.stderr)")
        let names = Set(try bench.jsonLines().compactMap { $0["name"]?.stringValue })
        for name in [
            "append_single_rate", "raw_insert_single_rate", "append_single_ratio", "durable_single_rate", "group_commit_rate",
            "group_commit_speedup", "state_load_100k_ms", "state_at_seq_ms", "page_100_ms", "read_5000_ms", "peak_rss_mb",
        ] {
            #expect(names.contains(name), "missing \(name)")
        }
    }
}

@Suite struct CLIPostgresTests {
    static var postgresURL: String? {
        let env = ProcessInfo.processInfo.environment
        guard let host = env["POSTGRES_HOSTNAME"] else { return nil }
        let user = env["POSTGRES_USER"] ?? "postgres"
        let password = env["POSTGRES_PASSWORD"].map { $0.isEmpty ? "" : ":\($0)" } ?? ""
        return "postgres://\(user)\(password)@\(host):\(env["POSTGRES_PORT"] ?? "5432")/\(env["POSTGRES_DB"] ?? "postgres")"
    }

    static var required: Bool { ProcessInfo.processInfo.environment["SESSIOND_REQUIRE_POSTGRES"] == "1" || postgresURL != nil }

    @Test(.enabled(if: required)) func commandsWorkTheSameOnPostgres() throws {
        let base = try #require(Self.postgresURL, "SESSIOND_REQUIRE_POSTGRES is set but POSTGRES_HOSTNAME is not")
        let url = base + "?schema=cli_\(UInt32.random(in: 0...UInt32.max))"
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        func run(_ args: [String], stdin: String? = nil) throws -> CLIProcess.Output {
            try cli.runBlocking(args + ["--postgres", url], stdin: stdin, withDatabase: false)
        }
        let created = try run(["create", "--app", "pg", "--no-capture", "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let id = try #require(try created.json()["id"]?.stringValue)
        let child = try #require(try run(["create", "--parent", id, "--no-capture", "--json"]).json()["id"]?.stringValue)
        #expect(try run(["append", id, "--type", "tool.call", "--state-delta", #"{"k":1}"#, "--json"]).json()["seq"] == 3)
        let lines = (1...50).map { #"{"type":"note","data":{"i":\#($0)}}"# }.joined(separator: "\n")
        #expect(try run(["append", id, "--jsonl", "-"], stdin: lines).status == 0)
        #expect(try run(["show", id, "--json"]).json()["last_seq"] == 53)
        #expect(try run(["state", id, "--json"]).json()["state"] == ["k": 1])
        let conflict = try run(["append", id, "--type", "x", "--expected-seq", "1"])
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("sequence_conflict"))
        #expect(try run(["end", id, "--json"]).json()["status"] == "completed")
        #expect(try run(["show", child, "--json"]).json()["end_reason"] == "parent_closed")
        #expect(try run(["verify", id]).status == 0)
    }
}

@Suite struct ServeProcessTests {
    /// Starts `sessiond serve --port 0`, waits for its "listening" line and returns the port.
    static func start(_ cli: CLIProcess, environment: [String: String] = [:], arguments: [String] = ["--log-level", "info"]) throws -> (Process, Int, Pipe) {
        let process = Process()
        process.executableURL = CLIProcess.binary
        process.arguments = ["serve", "--port", "0", "--db", cli.database, "--sweep-interval", "1h"] + arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("server.port=") || !seen.contains("sessiond listening") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { throw SessionError(.invalidArgument, "server exited: \(seen)") }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let line = seen.split(separator: "\n").first { $0.contains("sessiond listening") } ?? ""
        let port = line.split(separator: " ").first { $0.hasPrefix("server.port=") }.flatMap { Int($0.dropFirst("server.port=".count)) }
        return (process, try #require(port), err)
    }

    @Test func serveAnswersAndStopsGracefullyOnSIGTERM() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let (process, port, err) = try Self.start(cli)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/sessions")!)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"application":"curl"}"#.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201)
        let id = try #require(try JSONParser.parse(Array(data))["id"]?.stringValue)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rest = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("sessiond stopped"))
        #expect(rest.contains("sessions.snapshotted=1"))  // the live session's state, snapshotted on the way out
        // Everything acknowledged is stored.
        #expect(try await cli.run(["show", id, "--json"]).json()["application"] == "curl")
    }

    @Test func serveDemoSeedsTheStoreAndNamesTheDashboard() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let process = Process()
        process.executableURL = CLIProcess.binary
        process.arguments = ["serve", "--demo", "--port", "0", "--db", cli.database, "--log-level", "info"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("dashboard.url=") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let line = seen.split(separator: "\n").first { $0.contains("dashboard.url=") } ?? ""
        let url = try #require(line.split(separator: " ").first { $0.hasPrefix("dashboard.url=") }.map { String($0.dropFirst("dashboard.url=".count)) })
        #expect(url.hasPrefix("http://127.0.0.1:"))
        #expect(url.hasSuffix("/"))
        #expect(seen.contains("demo history seeded"))
        let (data, _) = try await URLSession.shared.data(from: URL(string: url + "v1/sessions?limit=1000")!)
        let sessions = try #require(try JSONParser.parse(Array(data))["sessions"]?.arrayValue)
        #expect(sessions.count >= 200)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func serveRefusesNonLoopbackWithoutTokens() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let refused = try await cli.run(["serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("loopback"))
    }
}

@Suite struct ServeConfigurationTests {
    @Test func flagsWinOverEnvironmentWhichWinsOverTheFile() async throws {
        let dir = try TemporaryDirectory(prefix: "sessiond-config")
        defer { dir.remove() }
        let file = dir.path("sessiond.json")
        try #"{"port": 9001, "sweep_interval": "30s", "max_body_bytes": 4096, "db": "/data/s.sqlite", "log_level": "debug"}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try #require(try Sessiond.parseAsRoot(["serve", "--config", file]) as? ServeCommand)
        let settings = try fromFile.serverConfiguration(environment: [:])
        #expect(settings.port == 9001)
        #expect(settings.sweepInterval == .seconds(30))
        #expect(settings.maxBodyBytes == 4096)
        #expect(settings.host == "127.0.0.1")
        #expect(try fromFile.storeOptions(environment: [:]).db == "/data/s.sqlite")
        #expect(try fromFile.serverConfiguration(environment: ["SESSIOND_PORT": "9002"]).port == 9002)
        let flagged = try #require(try Sessiond.parseAsRoot(["serve", "--config", file, "--port", "9003", "--db", "/x.sqlite"]) as? ServeCommand)
        #expect(try flagged.serverConfiguration(environment: ["SESSIOND_PORT": "9002"]).port == 9003)
        #expect(try flagged.storeOptions(environment: [:]).db == "/x.sqlite")
        // Environment alone, no file.
        let bare = try #require(try Sessiond.parseAsRoot(["serve"]) as? ServeCommand)
        #expect(try bare.serverConfiguration(environment: ["SESSIOND_HOST": "127.0.0.2", "SESSIOND_SWEEP_INTERVAL": "2s"]).host == "127.0.0.2")
        // Bad settings are precise errors.
        try #"{"portt": 1}"#.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: SessionError.self) { _ = try fromFile.serverConfiguration(environment: [:]) }
        #expect(throws: SessionError.self) { _ = try bare.serverConfiguration(environment: ["SESSIOND_PORT": "99999"]) }
    }

    @Test func demoComesFromTheFlagTheEnvironmentOrTheFile() async throws {
        let flagged = try #require(try Sessiond.parseAsRoot(["serve", "--demo", "--port", "0"]) as? ServeCommand)
        #expect(flagged.demo)
        #expect(try flagged.demoEnabled(environment: [:]))
        #expect(try flagged.demoEnabled(environment: ["SESSIOND_DEMO": "0"]))  // the flag wins
        let bare = try #require(try Sessiond.parseAsRoot(["serve"]) as? ServeCommand)
        #expect(!bare.demo)
        #expect(!(try bare.demoEnabled(environment: [:])))
        #expect(try bare.demoEnabled(environment: ["SESSIOND_DEMO": "1"]))
        #expect(!(try bare.demoEnabled(environment: ["SESSIOND_DEMO": "false"])))
        #expect(throws: SessionError.self) { _ = try bare.demoEnabled(environment: ["SESSIOND_DEMO": "maybe"]) }

        let dir = try TemporaryDirectory(prefix: "sessiond-config")
        defer { dir.remove() }
        let file = dir.path("sessiond.json")
        try #"{"demo": true, "port": 9001}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try #require(try Sessiond.parseAsRoot(["serve", "--config", file]) as? ServeCommand)
        #expect(try fromFile.demoEnabled(environment: [:]))
        #expect(!(try fromFile.demoEnabled(environment: ["SESSIOND_DEMO": "0"])))  // the environment wins over the file
        #expect(try fromFile.serverConfiguration(environment: [:]).port == 9001)

        // Without a store named, the demo gets its own file beside the default one.
        let home = ["XDG_DATA_HOME": "/data"]
        #expect(try flagged.storeOptions(environment: home).db == "/data/sessiond/demo.sqlite")
        #expect(try bare.storeOptions(environment: home).db == nil)  // the default store
        let named = try #require(try Sessiond.parseAsRoot(["serve", "--demo", "--db", "/tmp/x.sqlite"]) as? ServeCommand)
        #expect(try named.storeOptions(environment: home).db == "/tmp/x.sqlite")
        #expect(try flagged.storeOptions(environment: home.merging(["SESSIOND_POSTGRES_URL": "postgres://h/db"]) { $1 }).db == nil)

        #expect(ServeCommand.dashboardURL(host: "127.0.0.1", port: 7411) == "http://127.0.0.1:7411/")
        #expect(ServeCommand.dashboardURL(host: "0.0.0.0", port: 80) == "http://127.0.0.1:80/")
        #expect(ServeCommand.dashboardURL(host: "::1", port: 8) == "http://[::1]:8/")
    }

    @Test func alertRulesAndWebhooksComeFromFlagsEnvironmentAndFile() async throws {
        let dir = try TemporaryDirectory(prefix: "sessiond-config")
        defer { dir.remove() }
        let file = dir.path("sessiond.json")
        try #"{"port": 9001, "alert_interval": "10s", "alert_webhooks": ["http://127.0.0.1:9/a"], "alerts": {"failure_rate": 0.5, "memory": false}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try #require(try Sessiond.parseAsRoot(["serve", "--config", file]) as? ServeCommand)
        #expect(try fromFile.serverConfiguration(environment: [:]).port == 9001)
        let (rules, hooks) = try fromFile.alertSettings(environment: [:])
        #expect(rules.interval == .seconds(10))
        #expect(rules.rules.first { $0.kind == .failureRate }?.threshold == 0.5)
        #expect(!rules.rules.contains { $0.kind == .memory })
        #expect(rules.rules.count == AlertRule.defaults.count - 1)
        #expect(hooks.urls == ["http://127.0.0.1:9/a"])
        #expect(try fromFile.alertSettings(environment: ["SESSIOND_ALERT_WEBHOOKS": "http://a/1, http://b/2"]).1.urls == ["http://a/1", "http://b/2"])
        let flagged = try #require(
            try Sessiond.parseAsRoot(["serve", "--alert-webhook", "https://x/1", "--alert-webhook", "https://y/2"]) as? ServeCommand)
        #expect(try flagged.alertSettings(environment: [:]).1.urls == ["https://x/1", "https://y/2"])
        #expect(try flagged.alertSettings(environment: [:]).0.rules == AlertRule.defaults)
        let bad = try #require(try Sessiond.parseAsRoot(["serve", "--alert-webhook", "ftp://x"]) as? ServeCommand)
        #expect(throws: SessionError.self) { _ = try bad.alertSettings(environment: [:]) }
        try #"{"alerts": {"nope": 1}}"#.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: SessionError.self) { _ = try fromFile.alertSettings(environment: [:]) }
        // Behaviour rules take a window too.
        try #"{"alerts": {"tool_loop": {"threshold": 8, "window": "2m"}, "stuck_permission": 60, "retry_storm": {"window": "1h"}}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let behaviour = try fromFile.alertSettings(environment: [:]).0.rules
        #expect(behaviour.first { $0.kind == .toolLoop }.map { ($0.threshold, $0.windowMs) } ?? (0, 0) == (8, 120_000))
        #expect(behaviour.first { $0.kind == .stuckPermission }?.threshold == 60)
        #expect(behaviour.first { $0.kind == .retryStorm }.map { ($0.threshold, $0.windowMs) } ?? (0, 0) == (5, 3_600_000))
        for bad in [#"{"tool_loop": {"limit": 3}}"#, #"{"tool_loop": {"window": "soon"}}"#, #"{"tool_loop": "5"}"#, #"{"agent_cost": -1}"#] {
            try #"{"alerts": \#(bad)}"#.write(toFile: file, atomically: true, encoding: .utf8)
            #expect(throws: SessionError.self, "\(bad)") { _ = try fromFile.alertSettings(environment: [:]) }
        }
    }
}

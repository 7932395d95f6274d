import ArgumentParser
import Foundation
import SessionCore
import Testing

@testable import sessiond

/// The CLI with `--server`: the same commands against `sessiond serve`, with the same output.
@Suite struct CLIServerTests {
    /// Runs the same script of commands on a local store and through a server, returning both
    /// transcripts with ids, times, hashes and durations masked.
    @Test func commandsPrintTheSameThroughAServerAsLocally() async throws {
        let local = try CLIProcess.temporary()
        let remote = try CLIProcess.temporary()
        defer {
            local.cleanUp()
            remote.cleanUp()
        }
        let (server, port, _) = try ServeProcessTests.start(remote)
        defer {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        let url = "http://127.0.0.1:\(port)"
        let localTranscript = try Self.script { args, stdin in try local.runBlocking(args, stdin: stdin) }
        let remoteTranscript = try Self.script { args, stdin in try remote.runBlocking(args + ["--server", url], stdin: stdin, withDatabase: false) }
        #expect(localTranscript.count == remoteTranscript.count)
        for (l, r) in zip(localTranscript, remoteTranscript) {
            #expect(l == r)
        }
        // The server's store has what the remote run wrote.
        let listed = try await remote.run(["ls", "--app", "demo", "--json"])
        #expect(try listed.jsonLines().count == 2)
    }

    @Test func urlAndTokenComeFromTheEnvironment() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let (server, port, _) = try ServeProcessTests.start(cli)
        defer {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        let token = try #require(try await cli.run(["token", "create", "--role", "admin", "--json"]).json()["token"]?.stringValue)
        let home = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        let env = ["SESSIOND_URL": "http://127.0.0.1:\(port)", "SESSIOND_TOKEN": token, "HOME": home]
        let created = try await cli.run(["create", "--app", "env", "--no-capture"], environment: env, withDatabase: false)
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = try await cli.run(["show", id, "--json"], environment: env, withDatabase: false)
        #expect(try shown.json()["application"] == "env")
        // The token is what the server checks: a wrong one (flag over environment) is refused.
        let refused = try await cli.run(["show", id, "--token", "wrong"], environment: env, withDatabase: false)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: unauthorized: "))
        // --db wins over $SESSIOND_URL: this store is the server's file, so the session is there too.
        #expect(try await cli.run(["show", id, "--json"], environment: env).json()["id"] == .string(id))
    }

    @Test func localOnlyCommandsAndUnreachableServersFailWithACode() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let id = "0192f1f0-0000-7000-8000-000000000000"
        for args in [["verify", id], ["sweep"]] {
            let refused = try await cli.run(args + ["--server", "http://127.0.0.1:9"], withDatabase: false)
            #expect(refused.status == 1)
            #expect(refused.stderr.hasPrefix("error: invalid_argument: "))
            #expect(refused.stderr.contains("not available with --server"))
        }
        let both = try await cli.run(["show", id, "--server", "http://127.0.0.1:9"])
        #expect(both.status == 1)
        #expect(both.stderr.contains("cannot be combined"))
        let unreachable = try await cli.run(["show", id, "--server", "http://127.0.0.1:9"], withDatabase: false)
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.hasPrefix("error: server_unreachable: "))
    }

    @Test func serverOptionsParse() async throws {
        let command = try Sessiond.parseAsRoot(["show", "0192f1f0-0000-7000-8000-000000000000", "--server", "http://h:1", "--token", "t"])
        let show = try #require(command as? ShowCommand)
        #expect(show.target.remote.server == "http://h:1")
        #expect(show.target.remote.token == "t")
        #expect(try show.target.remote.resolvedURL(show.target.store) == "http://h:1")
        let plain = try #require(try Sessiond.parseAsRoot(["show", "x", "--db", "/tmp/a.sqlite"]) as? ShowCommand)
        #expect(try plain.target.remote.resolvedURL(plain.target.store, environment: ["SESSIOND_URL": "http://h:2"]) == nil)
        let env = try #require(try Sessiond.parseAsRoot(["show", "x"]) as? ShowCommand)
        #expect(try env.target.remote.resolvedURL(env.target.store, environment: ["SESSIOND_URL": "http://h:2"]) == "http://h:2")
    }

    // MARK: Script

    static func script(_ run: ([String], String?) throws -> CLIProcess.Output) throws -> [String] {
        var transcript: [String] = []
        func step(_ args: [String], stdin: String? = nil) throws -> CLIProcess.Output {
            let output = try run(args, stdin)
            transcript.append(mask("$ \(args.joined(separator: " "))\nexit \(output.status)\n\(output.stdout)\(output.stderr)"))
            return output
        }
        let created = try step(["create", "--app", "demo", "--user", "alice", "--no-capture", "--label", "team=a", "--heartbeat-interval", "30s"])
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try step(["create", "--parent", id, "--no-capture", "--json"])
        _ = try step(["append", id, "--type", "tool.call", "--data", #"{"tool":"grep","tokens":12}"#, "--state-delta", #"{"step":1}"#])
        _ = try step(["append", id, "--jsonl", "-"], stdin: #"{"type":"note","data":{"n":1}}"# + "\n" + #"{"type":"edit","state_delta":{"file":"a"}}"# + "\n")
        _ = try step(["append", id, "--jsonl", "-", "--json", "--expected-seq", "5"], stdin: #"{"type":"note","idempotency_key":"k1"}"# + "\n")
        _ = try step(["append", id, "--type", "x", "--expected-seq", "1"])
        _ = try step(["append", id, "--type", "session.fake"])
        _ = try step(["show", id])
        _ = try step(["show", id, "--json"])
        _ = try step(["events", id])
        _ = try step(["events", id, "--json", "--after-seq", "2", "--limit", "2", "--type", "note"])
        _ = try step(["state", id])
        _ = try step(["state", id, "--at-seq", "3", "--json"])
        _ = try step(["ls", "--app", "demo"])
        _ = try step(["ls", "--user", "alice", "--json", "--limit", "1"])
        _ = try step(["tree", id])
        _ = try step(["metrics", id])
        _ = try step(["heartbeat", id])
        _ = try step(["suspend", id, "--json"])
        _ = try step(["resume", id])
        _ = try step(["undo", id])
        _ = try step(["redo", id, "--json"])
        _ = try step(["recover", id])
        _ = try step(["end", id, "--reason", "done"])
        _ = try step(["end", id])
        _ = try step(["metrics", id, "--json"])
        _ = try step(["show", "0192f1f0-0000-7000-8000-000000000000"])
        return transcript
    }

    /// Ids, times, hashes, positions and durations differ between two runs.
    static func mask(_ text: String) -> String {
        var text = text
        let rules: [(String, String)] = [
            ("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>"),
            ("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z", "<time>"),
            ("[0-9a-f]{64}", "<hash>"),
            ("\"(position|duration_ms|active_ms|idle_ms|suspended_ms|status_since|total_duration_ms|wall_clock_ms)\":[0-9]+", "\"$1\":<n>"),
            ("(duration|active|idle|suspended|total time) +[0-9a-z]+", "$1 <d>"),
            ("--cursor [^\\s]+", "--cursor <c>"),
            ("next cursor: [^\\s]+", "next cursor: <c>"),
        ]
        for (pattern, template) in rules {
            let regex = try! NSRegularExpression(pattern: pattern)
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text
    }
}

@Suite struct AdminCLIServerTests {
    @Test func tokensAndAuditAreManagedOnAServer() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let (server, port, _) = try ServeProcessTests.start(cli)
        defer {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        // The first admin token is made on the store; everything else goes through the server.
        let admin = try await cli.run(["token", "create", "--role", "admin", "--json"]).json()
        let adminText = try #require(admin["token"]?.stringValue)
        let adminID = try #require(admin["id"]?.stringValue)
        let remote = ["--server", "http://127.0.0.1:\(port)", "--token", adminText]

        let made = try await cli.run(["token", "create", "--role", "reader", "--user", "bob", "--json"] + remote, withDatabase: false)
        #expect(made.status == 0, "\(made.stderr)")
        let readerID = try #require(try made.json()["id"]?.stringValue)
        #expect(try made.json()["token"]?.stringValue?.hasPrefix("sd_") == true)
        let listed = try await cli.run(["token", "ls", "--json"] + remote, withDatabase: false).jsonLines()
        #expect(Set(listed.compactMap { $0["id"]?.stringValue }) == [adminID, readerID])
        #expect(try await cli.run(["token", "revoke", readerID] + remote, withDatabase: false).status == 0)
        let again = try await cli.run(["token", "revoke", readerID] + remote, withDatabase: false)
        #expect(again.status == 1)
        #expect(again.stderr.contains("token_not_found"))

        // The server audited what it did, with the admin token as the actor.
        let audit = try await cli.run(["audit", "--json"] + remote, withDatabase: false).jsonLines()
        #expect(audit.map { $0["action"]?.stringValue } == ["token.create", "token.create", "token.revoke"])
        #expect(audit[0]["actor"] == "cli")
        #expect(audit[1]["actor"]?.stringValue == "token:\(adminID)")

        // A token without the admin role is refused with the server's code.
        let reader = try #require(try await cli.run(["token", "create", "--role", "reader", "--json"]).json()["token"]?.stringValue)
        let refused = try await cli.run(["audit", "--server", "http://127.0.0.1:\(port)", "--token", reader], withDatabase: false)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: forbidden: "))
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SessionCore
import Synchronization
import TestSupport
import Testing

/// Planted secrets of every built-in kind, sent to a real `sessiond serve` over HTTP, through
/// the CLI with `--server` (the client) and through the CLI on the same file: none of them
/// reaches the database file or its WAL, the debug log, the stream, the event pages or an export.
@Suite struct RedactionProcessTests {
    /// Everything the server writes to stderr, read on a thread of its own so the pipe never fills.
    final class Drain: Sendable {
        private let text = Mutex("")

        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return }
                    text.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
                }
            }
        }

        var contents: String { text.withLock { $0 } }
    }

    static func post(_ port: Int, _ path: String, _ body: JSONValue) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(JSONWriter.bytes(body))
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        #expect((200..<300).contains(status), "\(path): \(status) \(String(decoding: data, as: UTF8.self))")
        return try JSONParser.parse(Array(data))
    }

    static func get(_ port: Int, _ path: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a live stream over a plain socket until `marker` arrives (or 20 s pass).
    static func stream(_ port: Int, _ path: String, until marker: String) throws -> String {
        let fd = try LoopbackSocket.open(port: port, request: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        defer { close(fd) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[0..<n]
            if String(decoding: received, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// The forms a secret could take in a file: as it is, and escaped as a JSON string.
    static func forms(_ secret: String) -> [String] {
        let escaped = String(JSONWriter.string(.string(secret)).dropFirst().dropLast())
        return escaped == secret ? [secret] : [secret, escaped]
    }

    @Test func plantedSecretsReachNoFileLogStreamOrExport() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let (server, port, err) = try ServeProcessTests.start(cli, arguments: ["--log-level", "debug"])
        let log = Drain(err)
        let url = "http://127.0.0.1:\(port)"
        let texts = SecretSamples.planted.map(\.text)
        let all = texts.joined(separator: "\n")

        // Over HTTP: the session's context, labels and metadata, then events.
        let created = try await Self.post(port, "/v1/sessions", [
            "application": "agent", "user_id": "alice",
            "context": ["note": .string(texts[0]), "env": ["GITHUB_TOKEN": .string(SecretSamples.planted[2].secret)]],
            "labels": ["owner": "alice.smith@example.com"], "metadata": ["card": .string(texts[28])],
        ])
        let id = try #require(created["id"]?.stringValue)
        _ = try await Self.post(port, "/v1/sessions/\(id)/events", [
            "events": .array(texts.map { ["type": "tool.result", "data": ["output": .string($0)], "state_delta": ["last": .string($0)]] }),
        ])
        // Through the client (the CLI against the server), and through the CLI on the same file.
        let remote = try await cli.run(["append", id, "--type", "tool.result", "--data", JSONWriter.string(["output": .string(all)]), "--server", url], withDatabase: false)
        #expect(remote.status == 0, "\(remote.stderr)")
        let local = try await cli.run(["append", id, "--type", "tool.result", "--data", JSONWriter.string(["output": .string(all)])])
        #expect(local.status == 0, "\(local.stderr)")
        let ended = try await cli.run(["end", id, "--reason", "done; " + texts[20], "--server", url], withDatabase: false)
        #expect(ended.status == 0, "\(ended.stderr)")

        // What the API gives back: the stream (until the end), the event pages, the export.
        let streamed = try Self.stream(port, "/v1/stream?session=\(id)&tail=1000", until: "session.ended")
        let pages = try await Self.get(port, "/v1/sessions/\(id)/events?limit=1000")
        let export = try await Self.get(port, "/v1/users/alice/export")
        #expect(pages.contains("[REDACTED:github_token]"))
        #expect(pages.contains("\"redactions\""))
        #expect(streamed.contains("[REDACTED:email]"))

        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        let folder = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        var files: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            files.append((name, String(decoding: data, as: UTF8.self)))
        }
        #expect(files.contains { $0.1.contains("[REDACTED:aws_access_key_id]") }, "\(files.map { ($0.0, $0.1.count) })")
        let places = files + [("debug log", log.contents), ("stream", streamed), ("event pages", pages), ("export", export),
            ("CLI output", remote.stdout + local.stdout + ended.stdout)]
        for sample in SecretSamples.planted {
            for form in Self.forms(sample.secret) {
                for (place, contents) in places {
                    #expect(!contents.contains(form), "\(sample.kind) found in \(place)")
                }
            }
        }
    }

    @Test func anInvalidPolicyKeepsTheServerFromStarting() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let policy = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("policy.json")
        try Data(#"{"redaction": {"rules": [{"name": "ticket", "pattern": "TKT-[0-9", "mode": "mask"}]}}"#.utf8).write(to: policy)
        let serve = try await cli.run(["serve", "--port", "0", "--policy", policy.path])
        #expect(serve.status != 0)
        #expect(serve.stderr.contains("rule ticket: the pattern does not compile"))
        try Data(#"{"encryption": {"enabled": true}}"#.utf8).write(to: policy)
        let unsupported = try await cli.run(["serve", "--port", "0", "--policy", policy.path])
        #expect(unsupported.status != 0)
        #expect(unsupported.stderr.contains("encryption.master_key_file: required"))
    }

    @Test func thePolicyFileSetsModesAndRulesForTheCLI() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let folder = URL(fileURLWithPath: cli.database).deletingLastPathComponent()
        try Data("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n".utf8).write(to: folder.appendingPathComponent("k"))
        try Data(#"{"redaction": {"hash_key_file": "k", "modes": {"email": "hash"}, "rules": [{"name": "ticket", "pattern": "TKT-[0-9]{6}", "mode": "mask"}], "allow": ["AKIAIOSFODNN7EXAMPLE"]}}"#.utf8)
            .write(to: folder.appendingPathComponent("policy.json"))
        let policy = ["--policy", folder.appendingPathComponent("policy.json").path]
        let id = try await cli.run(["create", "--app", "tool"] + policy).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let data = #"{"text": "alice@example.com opened TKT-123456 with AKIAIOSFODNN7EXAMPLE"}"#
        let first = try await cli.run(["append", id, "--type", "note", "--data", data, "--json"] + policy).json()
        let second = try await cli.run(["append", id, "--type", "note", "--data", data, "--json"] + policy).json()
        let text = try #require(first["data"]?["text"]?.stringValue)
        #expect(text.hasPrefix("[HASH:email:"))
        #expect(text.hasSuffix(" opened [REDACTED:ticket] with AKIAIOSFODNN7EXAMPLE"))
        #expect(second["data"]?["text"]?.stringValue == text)  // the same key, the same hash
        #expect(first["redactions"] == [["path": "data.text", "rule": "email"], ["path": "data.text", "rule": "ticket"]])
    }
}

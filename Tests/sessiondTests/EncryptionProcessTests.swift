import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SessionCore
import TestSupport
import Testing

/// Encryption at rest through the real binary: `serve --policy` with an `encryption` section
/// seals what arrives over HTTP, the CLI reads it back with the same policy, and `erase --user`
/// leaves a copy of the database taken before it unreadable for that user only.
@Suite struct EncryptionProcessTests {
    @Test func aServedStoreIsSealedAndAnErasedUsersBackupCopyDoesNotOpen() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let folder = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        try Data("\(String(repeating: "5f", count: 32))\n".utf8).write(to: URL(fileURLWithPath: folder + "/master.key"))
        let policy = folder + "/policy.json"
        try Data(#"{"encryption": {"master_key_file": "master.key", "keyring": "keys.sqlite"}}"#.utf8).write(to: URL(fileURLWithPath: policy))

        let (server, port, err) = try ServeProcessTests.start(cli, arguments: ["--policy", policy])
        let log = RedactionProcessTests.Drain(err)
        var ids: [String: String] = [:]
        for user in ["alice", "bob"] {
            let created = try await RedactionProcessTests.post(port, "/v1/sessions", ["application": "agent", "user_id": .string(user)])
            let id = try #require(created["id"]?.stringValue)
            _ = try await RedactionProcessTests.post(port, "/v1/sessions/\(id)/events", [
                "events": .array((0..<3).map { n in ["type": "note", "data": ["text": .string("\(user.uppercased())-PLAINTEXT-\(n)")], "state_delta": ["n": .string("\(user.uppercased())-STATE")]] })
            ])
            ids[user] = id
        }
        let alice = try #require(ids["alice"]), bob = try #require(ids["bob"])
        #expect(try await RedactionProcessTests.get(port, "/v1/sessions/\(alice)/events").contains("ALICE-PLAINTEXT-2"))
        #expect(try await RedactionProcessTests.get(port, "/v1/sessions/\(bob)/state").contains("BOB-STATE"))
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0, "\(log.contents)")

        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)), as: UTF8.self)
            for marker in ["PLAINTEXT", "-STATE"] { #expect(!text.contains(marker), "\(marker) in \(name)") }
        }
        let backup = CLIProcess(database: folder + "/backup/cli.sqlite")
        try FileManager.default.createDirectory(atPath: folder + "/backup", withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasPrefix("cli.sqlite") {
            try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: folder + "/backup/" + name)
        }

        let erased = try await cli.run(["erase", "--user", "alice", "--policy", policy])
        #expect(erased.status == 0, "\(erased.stderr)")
        let bobs = try await backup.run(["events", bob, "--policy", policy, "--json"])
        #expect(bobs.status == 0, "\(bobs.stderr)")
        #expect(bobs.stdout.contains("BOB-PLAINTEXT-2"))
        let alices = try await backup.run(["events", alice, "--policy", policy, "--json"])
        #expect(alices.status == 0, "\(alices.stderr)")
        #expect(!alices.stdout.contains("PLAINTEXT"))
        #expect(alices.stdout.contains(#""rule":"erased""#))
        let blind = try await backup.run(["events", bob, "--json"])
        #expect(blind.status != 0)
        #expect(blind.stderr.contains("is encrypted"), "\(blind.stderr)")
    }

    @Test func aMissingOrWrongMasterKeyKeepsTheServerFromStarting() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let folder = URL(fileURLWithPath: cli.database).deletingLastPathComponent().path
        let policy = folder + "/policy.json"
        try Data(#"{"encryption": {"master_key_env": "TEST_SESSIOND_MASTER"}}"#.utf8).write(to: URL(fileURLWithPath: policy))
        let missing = try await cli.run(["serve", "--port", "0", "--policy", policy])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("$TEST_SESSIOND_MASTER is not set"), "\(missing.stderr)")
        var environment = ProcessInfo.processInfo.environment
        environment["TEST_SESSIOND_MASTER"] = String(repeating: "1", count: 64)
        #expect(try await cli.run(["ls", "--policy", policy], environment: environment).status == 0)
        environment["TEST_SESSIOND_MASTER"] = String(repeating: "2", count: 64)
        let wrong = try await cli.run(["serve", "--port", "0", "--policy", policy], environment: environment)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("not the one this keyring was made with"), "\(wrong.stderr)")
    }
}

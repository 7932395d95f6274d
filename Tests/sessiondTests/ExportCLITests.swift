import Foundation
import SessionCore
import Testing

/// `sessiond export --user U --anonymize` over a real SQLite file: no user id, host name or
/// secret in the bundle (redaction runs again, also over data stored with it off), and
/// `sessiond export verify` holds until a byte changes.
@Suite struct ExportCLITests {
    @Test func anonymizedExportHidesUsersHostsAndSecretsAndVerifies() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let folder = URL(fileURLWithPath: cli.database).deletingLastPathComponent()
        let off = folder.appendingPathComponent("off.json").path
        try Data(#"{"redaction": {"enabled": false}}"#.utf8).write(to: URL(fileURLWithPath: off))
        let host = ProcessInfo.processInfo.hostName
        let id = try await cli.run(["create", "--app", "t", "--user", "ann-the-user", "--policy", off]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let appended = try await cli.run(["append", id, "--type", "note", "--data", #"{"text": "write to ann@example.com"}"#, "--policy", off])
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(try await cli.run(["end", id]).status == 0)

        let plain = try await cli.run(["export", "--user", "ann-the-user"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("ann@example.com"))  // stored as given: redaction was off

        let anonymized = try await cli.run(["export", "--user", "ann-the-user", "--anonymize", "--coarsen", "1h"])
        #expect(anonymized.status == 0, "\(anonymized.stderr)")
        for secret in ["ann-the-user", "ann@example.com", host] where !secret.isEmpty {
            #expect(!anonymized.stdout.contains(secret), "\(secret) is in the export")
        }
        let lines = try anonymized.jsonLines()
        #expect(lines.map { $0["kind"]?.stringValue ?? "" }.first == "session")
        let manifest = try #require(lines.last)
        #expect(manifest["kind"] == "manifest")
        #expect(manifest["anonymized"] == true)
        #expect(manifest["coarsen_ms"] == 3_600_000)
        #expect(manifest["sessions"]?.arrayValue?.first?["id"] == .string(id))

        let file = folder.appendingPathComponent("export.jsonl")
        try Data(anonymized.stdout.utf8).write(to: file)
        let verified = try await cli.run(["export", "verify", file.path], withDatabase: false)
        #expect(verified.status == 0, "\(verified.stderr)")
        try Data(anonymized.stdout.replacingOccurrences(of: "\"note\"", with: "\"nope\"").utf8).write(to: file)
        #expect(try await cli.run(["export", "verify", file.path], withDatabase: false).status != 0)
        let audit = try await cli.run(["audit", "--json"]).jsonLines()
        #expect(audit.contains { $0["action"] == "user.export" && $0["details"]?["anonymized"] == true })
    }
}

import Foundation
import SessionCore
import Testing

/// Each `sessiond serve --policy FILE` records the file's digest in the audit log, so a change of
/// policy is a new digest there.
@Suite struct PolicyAuditTests {
    @Test func serveRecordsThePolicyItApplies() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let policy = URL(fileURLWithPath: cli.database).deletingLastPathComponent().appendingPathComponent("policy.json")
        var digests: [String] = []
        for text in [#"{"redaction": {"enabled": true}}"#, #"{"redaction": {"enabled": true}, "consent": {"required": true}}"#] {
            try Data(text.utf8).write(to: policy)
            digests.append(PrivacyPolicy.digest(of: Array(text.utf8)))
            let (process, _, _) = try ServeProcessTests.start(cli, arguments: ["--policy", policy.path])
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let applied = try await cli.run(["audit", "--json"]).jsonLines().filter { $0["action"] == "policy.applied" }
        #expect(applied.map { $0["details"]?["sha256"]?.stringValue ?? "" } == digests)
        #expect(applied.last?["details"]?["sections"] == ["redaction", "consent"])
        #expect(try await cli.run(["audit", "verify"]).status == 0)
    }

    @Test func theDigestIsSHA256() {
        #expect(PrivacyPolicy.digest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

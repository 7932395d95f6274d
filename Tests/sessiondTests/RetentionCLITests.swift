import Foundation
import SessionCore
import Testing

/// `sessiond retention run`, `archive restore`, `hold` and `unhold` on a real SQLite file, with
/// a policy file whose periods are a millisecond (every ended session is due at once).
@Suite struct RetentionCLITests {
    @Test func retentionArchivesRestoreBringsBackAndHoldsKeep() async throws {
        let cli = try CLIProcess.temporary()
        defer { cli.cleanUp() }
        let folder = URL(fileURLWithPath: cli.database).deletingLastPathComponent()
        let policy = folder.appendingPathComponent("policy.json").path
        try Data(#"{"retention": {"completed": "0.001s", "archive_dir": "deep"}}"#.utf8).write(to: URL(fileURLWithPath: policy))

        var ids: [String] = []
        for _ in 0..<3 {
            let id = try await cli.run(["create", "--app", "t"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await cli.run(["append", id, "--type", "note", "--data", #"{"n": 1}"#]).status == 0)
            #expect(try await cli.run(["end", id]).status == 0)
            ids.append(id)
        }
        let held = try await cli.run(["hold", ids[2], "--reason", "case 7", "--json"])
        #expect(held.status == 0, "\(held.stderr)")
        #expect(try held.json()["reason"] == "case 7")

        let dry = try await cli.run(["retention", "run", "--policy", policy, "--dry-run", "--json"])
        #expect(try dry.json()["archived"] == ["completed": 2])
        let run = try await cli.run(["retention", "run", "--policy", policy, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try run.json()["archived"] == ["completed": 2])
        #expect(try await cli.run(["show", ids[0], "--json"]).json()["status"] == "archived")
        #expect(try await cli.run(["show", ids[2], "--json"]).json()["status"] == "completed")
        #expect(try await cli.run(["verify", ids[0]]).status == 1)
        let file = folder.appendingPathComponent("deep/\(ids[0].suffix(2))/\(ids[0]).jsonl.gz").path
        #expect(FileManager.default.fileExists(atPath: file))

        let restored = try await cli.run(["archive", "restore", ids[0], "--policy", policy])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try await cli.run(["verify", ids[0]]).status == 0)

        #expect(try await cli.run(["unhold", ids[2]]).status == 0)
        #expect(try await cli.run(["unhold", ids[2]]).status != 0)
        #expect(try await cli.run(["retention", "run", "--policy", policy, "--json"]).json()["archived"] == ["archived": 1, "completed": 1])
        let audit = try await cli.run(["audit", "--json"]).jsonLines().compactMap { $0["action"]?.stringValue }
        #expect(audit.contains("hold.place"))
        #expect(audit.contains("hold.release"))
        #expect(audit.contains("retention.run"))

        // Erasing the user moves them to the trash (the policy's retention keeps one), restorable; purging
        // takes the archive files too (the policy names the archive).
        let erased = try await cli.run(["create", "--app", "t", "--user", "eve"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await cli.run(["end", erased]).status == 0)
        #expect(try await cli.run(["retention", "run", "--policy", policy, "--json"]).json()["archived"] == ["completed": 1])
        let eveFile = folder.appendingPathComponent("deep/\(erased.suffix(2))/\(erased).jsonl.gz").path
        #expect(FileManager.default.fileExists(atPath: eveFile))
        let trashed = try await cli.run(["erase", "--user", "eve", "--policy", policy, "--json"])
        #expect(trashed.status == 0, "\(trashed.stderr)")
        #expect(try trashed.json()["trashed"] == true)
        #expect(try trashed.json()["purge_after"]?.stringValue != nil)
        #expect(FileManager.default.fileExists(atPath: eveFile))
        #expect(try await cli.run(["show", erased]).status != 0)
        #expect(try await cli.run(["trash", "--json"]).jsonLines().map { $0["user_id"] } == ["eve"])
        let back = try await cli.run(["trash", "restore", "--user", "eve", "--policy", policy, "--json"])
        #expect(try back.json()["restored"]?["sessions"] == 1, "\(back.stderr)")
        #expect(try await cli.run(["show", erased]).status == 0)
        #expect(try await cli.run(["trash", "purge", "--policy", policy, "--json"]).json()["erased"]?["sessions"] == 0)
        #expect(try await cli.run(["erase", "--user", "eve", "--policy", policy]).status == 0)
        let unknownGrace = try await cli.run(["trash", "purge"])
        #expect(unknownGrace.status != 0)
        #expect(unknownGrace.stderr.contains("retention section"), "\(unknownGrace.stderr)")
        let purged = try await cli.run(["trash", "purge", "--all", "--policy", policy, "--json"])
        #expect(try purged.json()["erased"]?["sessions"] == 1, "\(purged.stderr)")
        #expect(try purged.json()["archives"] == 1)
        #expect(!FileManager.default.fileExists(atPath: eveFile))
        #expect(try await cli.run(["trash", "--json"]).stdout.isEmpty)
        let auditActions = try await cli.run(["audit", "--json"]).jsonLines().compactMap { $0["action"]?.stringValue }
        #expect(auditActions.contains("trash.restore") && auditActions.contains("trash.purge"))

        let refused = try await cli.run(["archive", "restore", ids[1]])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("policy"))
    }
}

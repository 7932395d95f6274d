import Foundation
import SessionCore
import Testing

@Suite struct ExportAnonymizerTests {
    static let keyA = [UInt8](repeating: 1, count: 32)
    static let keyB = [UInt8](repeating: 2, count: 32)

    @Test func pseudonymsHoldInsideOneExportAndDifferAcrossExports() {
        let a = ExportAnonymizer(key: Self.keyA)
        #expect(a.pseudonym("ann", kind: "user") == a.pseudonym("ann", kind: "user"))
        #expect(a.pseudonym("ann", kind: "user") != a.pseudonym("bob", kind: "user"))
        #expect(a.pseudonym("ann", kind: "user") != ExportAnonymizer(key: Self.keyB).pseudonym("ann", kind: "user"))
        #expect(a.pseudonym("ann", kind: "user").hasPrefix("user-"))
        #expect(a.pseudonym("ann", kind: "user").count == 5 + 16)
    }

    @Test(arguments: [
        (Int64(3_599_999), Int64(0)), (3_600_000, 3_600_000), (7_199_999, 3_600_000), (-1, -3_600_000),
    ])
    func timesRoundDownToTheUnit(_ ms: Int64, _ expected: Int64) {
        #expect(ExportAnonymizer(key: Self.keyA, coarsen: .seconds(3600)).time(Timestamp(milliseconds: ms)) == Timestamp(milliseconds: expected))
        #expect(ExportAnonymizer(key: Self.keyA).time(Timestamp(milliseconds: ms)) == Timestamp(milliseconds: ms))
    }

    @Test func sessionsLoseUsersHostsAndSecretsAndEventsAreRedactedAgain() {
        var session = Session(id: UUID.v7(at: Timestamp(milliseconds: 1_790_000_000_000)), application: "t", createdAt: Timestamp(milliseconds: 1_790_000_123_456))
        session.userID = "ann"
        session.context = ["system": ["hostname": "ann-laptop", "os": "linux"], "user": ["name": "ann"], "note": "mail ann@example.com"]
        session.effectiveContext = session.context
        let anonymizer = ExportAnonymizer(key: Self.keyA, coarsen: .seconds(60))
        let out = anonymizer.session(session)
        #expect(out.userID == anonymizer.pseudonym("ann", kind: "user"))
        #expect(out.context["system"]?["hostname"]?.stringValue == anonymizer.pseudonym("ann-laptop", kind: "host"))
        #expect(out.context["system"]?["os"] == "linux")
        #expect(out.context["note"] == "mail [REDACTED:email]")
        #expect(out.effectiveContext == out.context)
        #expect(out.createdAt == Timestamp(milliseconds: 1_790_000_100_000))
        let event = SessionEvent(
            id: session.id, sessionID: session.id, seq: 1, position: 1, type: "note", time: Timestamp(milliseconds: 1_790_000_123_456),
            data: ["text": "key AKIAQWERTYUIOP123456"], hash: "h")
        let redone = anonymizer.event(event, application: "t")
        #expect(redone.data == ["text": "key [REDACTED:aws_access_key_id]"])
        #expect(redone.redactions == [Redaction(path: "data.text", rule: "aws_access_key_id")])
        #expect(redone.hash == "h")
    }

    @Test func aSignedExportVerifiesAndAnyEditBreaksIt() throws {
        let lines = Array("{\"kind\":\"session\"}\n{\"kind\":\"event\"}\n".utf8)
        var digest = ExportDigest()
        digest.add(lines)
        let manifest = try ExportManifest.signed(
            user: "user-1", anonymized: true, coarsenMs: nil, createdAt: Timestamp(milliseconds: 1), lines: digest.lines, digest: digest.finish(),
            sessions: [.init(id: "s", lastSeq: 2, chainHead: "h")])
        let file = lines + JSONWriter.bytes(manifest.json) + [UInt8(ascii: "\n")]
        #expect(try ExportManifest.verify(file)["lines"] == 2)
        var edited = file
        edited[3] = UInt8(ascii: "K")
        #expect(throws: SessionError.self) { _ = try ExportManifest.verify(edited) }
        let resigned = String(decoding: file, as: UTF8.self).replacingOccurrences(of: "\"lines\":2", with: "\"lines\":1")
        #expect(throws: SessionError.self) { _ = try ExportManifest.verify(Array(resigned.utf8)) }
        #expect(throws: SessionError.self) { _ = try ExportManifest.verify(Array(lines)) }
    }
}

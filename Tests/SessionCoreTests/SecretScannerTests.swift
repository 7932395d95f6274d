import SessionCore
import TestSupport
import Testing

@Suite struct SecretScannerTests {
    @Test(arguments: SecretSamples.planted)
    func everyBuiltInKindIsFound(_ sample: (text: String, kind: SecretKind, secret: String)) throws {
        let matches = SecretScanner().scan(sample.text)
        let match = try #require(matches.first, "nothing found in \(sample.text)")
        #expect(matches.count == 1)
        #expect(match.kind == sample.kind)
        let bytes = Array(sample.text.utf8)
        #expect(String(decoding: bytes[match.range], as: UTF8.self) == sample.secret)
    }

    @Test(arguments: SecretSamples.clean)
    func cleanTextPassesUntouched(_ line: String) {
        #expect(SecretScanner().scan(line) == [], "found something in \(line)")
    }

    @Test func everyKindHasAPlantedSample() {
        let covered = Set(SecretSamples.planted.map(\.kind))
        #expect(Set(SecretKind.allCases).subtracting(covered) == [])
    }

    @Test(arguments: [
        ("4111 1111 1111 1112", "the Luhn check fails"),
        ("DE88 3704 0044 0532 0130 00", "the mod-97 check fails"),
        ("000-12-3456", "SSN area 000"),
        ("666-12-3456", "SSN area 666"),
        ("999.999.999.999", "not an IPv4 address"),
        ("127.0.0.1", "loopback"),
        ("AKIAQWERTYUIOP12345", "one character short"),
    ])
    func checksumsAndRangesRejectLookalikes(_ text: String, _ why: String) {
        #expect(SecretScanner().scan(text) == [], "\(why): \(text)")
    }

    @Test func onlyTheChosenKindsAreLookedFor() {
        var kinds = SecretKindSet.all
        kinds.remove(.email)
        #expect(SecretScanner(kinds: kinds).scan("mail alice@example.com") == [])
        #expect(SecretScanner(kinds: kinds).scan("ssn 123-45-6789").map(\.kind) == [.usSSN])
    }
}

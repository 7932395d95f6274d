import SessionCore
import SessionKit
import Testing

@Suite struct PolicyKeyFileTests {
    @Test(arguments: [
        ("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", [UInt8](0..<16).map { $0 &* 0x11 } + [UInt8](0..<16).map { $0 &* 0x11 }),
        ("  not hex, taken as it is  \n", Array("not hex, taken as it is".utf8)),
        ("0011", Array("0011".utf8)),  // too short to be a hex key: raw bytes
    ])
    func keyFilesDecodeHexAndTakeAnythingElseRaw(_ text: String, _ expected: [UInt8]) {
        #expect(Redactor.key(from: Array(text.utf8)) == expected)
    }
}

import Foundation
import SessionCore
import Testing

@Suite struct EncryptionTests {
    static let hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
    static let nonce = [UInt8](repeating: 7, count: 12)
    static let session = UUID(uuidString: "0190a000-0000-7000-8000-000000000001")!

    @Test(arguments: [
        (hex, true),
        (hex.uppercased(), true),
        ("  \(hex)\n", true),
        (String(hex.dropLast()), false),
        (hex + "0", false),
        (String(hex.dropLast()) + "g", false),
        ("", false),
    ])
    func aMasterKeyIs64HexDigits(_ text: String, _ valid: Bool) {
        #expect(((try? MasterKey(hex: text)) != nil) == valid)
    }

    @Test func aBadMasterKeyErrorDoesNotEchoTheText() {
        let error = #expect(throws: SessionError.self) { try MasterKey(hex: "secret-not-hex") }
        #expect(error?.message.contains("secret") == false)
    }

    @Test func wrappedKeysOpenOnlyForTheirIdUserAndMasterKey() throws {
        let master = try MasterKey(hex: Self.hex)
        let dataKey = try DataKey(bytes: Array(repeating: 1, count: 32))
        let wrapped = try master.wrap(dataKey, id: "k1", user: "alice", nonce: Self.nonce)
        #expect(wrapped.count == 12 + 32 + 16)
        let unwrapped = try master.unwrap(wrapped, id: "k1", user: "alice")
        let sealed = try SealedPayload.seal("{}", key: dataKey.payloadKey(for: Self.session), keyID: "k1", nonce: Self.nonce, aad: "a")
        #expect(try SealedPayload.open(sealed, key: unwrapped.payloadKey(for: Self.session), aad: "a") == "{}")
        #expect(throws: SessionError.self) { try master.unwrap(wrapped, id: "k2", user: "alice") }
        #expect(throws: SessionError.self) { try master.unwrap(wrapped, id: "k1", user: "bob") }
        let other = try MasterKey(hex: String(repeating: "ab", count: 32))
        #expect(throws: SessionError.self) { try other.unwrap(wrapped, id: "k1", user: "alice") }
        #expect(master.verifies(try master.verifier(nonce: Self.nonce)))
        #expect(!other.verifies(try master.verifier(nonce: Self.nonce)))
    }

    @Test(arguments: [
        (#"{"a":1}"#, false), ("[1]", false), (#""text""#, false), ("null", false), ("12", false), ("$sd1:k:AAAA", true),
    ])
    func aSealedColumnIsToldByItsFirstByte(_ text: String, _ sealed: Bool) {
        #expect(SealedPayload.isSealed(text) == sealed)
    }

    @Test func aPayloadOpensOnlyWithItsKeyItsPlaceAndUnchanged() throws {
        let dataKey = try DataKey(bytes: Array(repeating: 9, count: 32))
        let key = dataKey.payloadKey(for: Self.session)
        let plaintext = #"{"text":"the customer's password is hunter2"}"#
        let sealed = try SealedPayload.seal(plaintext, key: key, keyID: "key-1", nonce: Self.nonce, aad: "s/event/1/data")
        #expect(sealed.hasPrefix("$sd1:key-1:"))
        #expect(!sealed.contains("hunter2"))
        #expect(try SealedPayload.keyID(of: sealed) == "key-1")
        #expect(try SealedPayload.open(sealed, key: key, aad: "s/event/1/data") == plaintext)
        // Another place, another session's key, a flipped byte: none opens.
        #expect(throws: SessionError.self) { try SealedPayload.open(sealed, key: key, aad: "s/event/2/data") }
        let otherSession = dataKey.payloadKey(for: UUID(uuidString: "0190a000-0000-7000-8000-000000000002")!)
        #expect(throws: SessionError.self) { try SealedPayload.open(sealed, key: otherSession, aad: "s/event/1/data") }
        var bytes = Array(sealed.utf8)
        bytes[bytes.count - 3] = bytes[bytes.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: SessionError.self) { try SealedPayload.open(String(decoding: bytes, as: UTF8.self), key: key, aad: "s/event/1/data") }
        #expect(throws: SessionError.self) { try SealedPayload.keyID(of: "$sd1:no-colon-after-the-id") }
        #expect(throws: SessionError.self) { try SealedPayload.open("$sd1:k:not base64!", key: key, aad: "a") }
    }

    @Test(arguments: [
        (#"{"master_key_file": "m"}"#, "", EncryptionPolicy.MasterKeySource.file("m")),
        (#"{"enabled": false, "master_key_env": "KEY", "keyring": "k.sqlite"}"#, "", .environment("KEY")),
        (#"{"master_key_file": "m", "master_key_env": "KEY"}"#, "not both", nil),
        (#"{"enabled": true}"#, "encryption.master_key_file: required", nil),
        (#"{"master_key_file": "m", "keyring": ""}"#, "encryption.keyring", nil),
        (#"{"master_key_file": "m", "cipher": "des"}"#, "encryption: unknown field cipher", nil),
        (#"{"master_key_file": 1}"#, "encryption: master_key_file must be a string", nil),
    ] as [(String, String, EncryptionPolicy.MasterKeySource?)])
    func theEncryptionSectionIsReadFieldByField(_ json: String, _ error: String, _ source: EncryptionPolicy.MasterKeySource?) throws {
        let value = try JSONParser.parse(Array(json.utf8))
        if let source {
            let policy = try EncryptionPolicy(json: value)
            #expect(policy.masterKey == source)
            #expect(policy.enabled == !json.contains("false"))
            #expect(policy.keyring == (json.contains("k.sqlite") ? "k.sqlite" : "keys.sqlite"))
        } else {
            let thrown = #expect(throws: SessionError.self) { try EncryptionPolicy(json: value) }
            #expect(thrown?.message.contains(error) == true, "\(thrown?.message ?? "")")
        }
    }

    @Test func aPolicyFileAcceptsTheEncryptionSection() throws {
        let policy = try PrivacyPolicy(json: try JSONParser.parse(Array(#"{"encryption": {"master_key_file": "m"}}"#.utf8)))
        #expect(policy.encryption?.masterKey == .file("m"))
    }

    @Test func anArchiveSealsEveryPayloadAndOpensBackToTheSame() throws {
        var session = Session(id: Self.session, userID: "alice", application: "t", status: .completed, createdAt: Timestamp(milliseconds: 1))
        session.state = ["todo": "call the bank"]
        let event = SessionEvent(
            id: UUID(), sessionID: Self.session, seq: 1, position: 1, type: "note", time: Timestamp(milliseconds: 2), data: ["text": "secret"],
            stateDelta: ["todo": "call the bank"], inverseDelta: ["todo": .null], hash: "h")
        let archive = SessionArchive(
            session: session, events: [event],
            snapshots: [SessionSnapshot(sessionID: Self.session, seq: 1, state: ["todo": "call the bank"], createdAt: Timestamp(milliseconds: 2))])
        var fields: [String] = []
        let sealed = archive.sealed { text, field in
            fields.append(field)
            return "$sealed:" + String(text.reversed())
        }
        #expect(sealed.isSealed)
        #expect(Set(fields) == ["state", "event/1/data", "event/1/state_delta", "event/1/inverse_delta", "snapshot/1"])
        let lines = String(decoding: sealed.jsonLines(), as: UTF8.self)
        #expect(!lines.contains("call the bank") && !lines.contains("secret"))
        let read = try SessionArchive(jsonLines: sealed.jsonLines())
        #expect(read.isSealed)
        let opened = try read.opened { text, _ in String(text.dropFirst("$sealed:".count).reversed()) }
        #expect(opened == archive)
        let erased = #expect(throws: SessionError.self) { try read.opened { _, _ -> String? in nil } }
        #expect(erased?.code == .notArchived)
    }
}

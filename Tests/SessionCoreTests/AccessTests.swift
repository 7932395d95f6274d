import Foundation
import SessionCore
import Testing

@Suite struct AccessTests {
    /// Every role against every action: each role includes the ones below it.
    @Test(arguments: [
        (AccessRole.reader, AccessAction.read, true), (.reader, .write, false), (.reader, .terminate, false),
        (.reader, .exportOwnData, true), (.reader, .eraseOwnData, false), (.reader, .actForOthers, false),
        (.reader, .manageTokens, false), (.reader, .readAudit, false), (.reader, .manageHolds, false), (.reader, .manageTrash, false),
        (.writer, .read, true), (.writer, .write, true), (.writer, .terminate, false), (.writer, .exportOwnData, true),
        (.writer, .eraseOwnData, false), (.writer, .actForOthers, false), (.writer, .manageTokens, false),
        (.writer, .readAudit, false), (.writer, .manageHolds, false), (.writer, .manageTrash, false),
        (.operator, .read, true), (.operator, .write, true), (.operator, .terminate, true), (.operator, .exportOwnData, true),
        (.operator, .eraseOwnData, true), (.operator, .actForOthers, false), (.operator, .manageTokens, false),
        (.operator, .readAudit, false), (.operator, .manageHolds, false), (.operator, .manageTrash, false),
        (.admin, .read, true), (.admin, .write, true), (.admin, .terminate, true), (.admin, .exportOwnData, true),
        (.admin, .eraseOwnData, true), (.admin, .actForOthers, true), (.admin, .manageTokens, true), (.admin, .readAudit, true),
        (.admin, .manageHolds, true), (.admin, .manageTrash, true),
    ])
    func roleAllows(_ role: AccessRole, _ action: AccessAction, _ allowed: Bool) {
        #expect(role.allows(action) == allowed)
    }

    @Test func everyActionIsInTheTable() {
        #expect(AccessAction.allCases.count == 10)
        #expect(AccessRole.allCases.count == 4)
        #expect(AccessRole.reader < .writer)
        #expect(.writer < .operator)
        #expect(.operator < .admin)
    }

    struct Case: Sendable, CustomStringConvertible {
        var role: AccessRole
        var tokenUser: String?
        var action: AccessAction
        var owner: String?
        var expected: AccessDecision
        var description: String { "\(role) bound to \(tokenUser ?? "-") \(action) on \(owner ?? "-") -> \(expected)" }
    }

    @Test(arguments: [
        // A user-bound token reaches its own user's data, within its role.
        Case(role: .reader, tokenUser: "alice", action: .read, owner: "alice", expected: .allow),
        Case(role: .reader, tokenUser: "alice", action: .write, owner: "alice", expected: .forbidden),
        Case(role: .writer, tokenUser: "alice", action: .write, owner: "alice", expected: .allow),
        Case(role: .writer, tokenUser: "alice", action: .terminate, owner: "alice", expected: .forbidden),
        Case(role: .operator, tokenUser: "alice", action: .terminate, owner: "alice", expected: .allow),
        // Others' data and sessions without a user are out of reach: 404, whatever the role.
        Case(role: .reader, tokenUser: "alice", action: .read, owner: "bob", expected: .notFound),
        Case(role: .writer, tokenUser: "alice", action: .write, owner: "bob", expected: .notFound),
        Case(role: .operator, tokenUser: "alice", action: .terminate, owner: "bob", expected: .notFound),
        Case(role: .operator, tokenUser: "alice", action: .read, owner: nil, expected: .notFound),
        Case(role: .reader, tokenUser: "alice", action: .write, owner: "bob", expected: .notFound),
        // Own user's export and erasure.
        Case(role: .reader, tokenUser: "alice", action: .exportOwnData, owner: "alice", expected: .allow),
        Case(role: .writer, tokenUser: "alice", action: .eraseOwnData, owner: "alice", expected: .forbidden),
        Case(role: .operator, tokenUser: "alice", action: .eraseOwnData, owner: "alice", expected: .allow),
        Case(role: .operator, tokenUser: "alice", action: .exportOwnData, owner: "bob", expected: .notFound),
        // A service token (no user) reaches every session, but no user's export or erasure.
        Case(role: .reader, tokenUser: nil, action: .read, owner: "bob", expected: .allow),
        Case(role: .reader, tokenUser: nil, action: .read, owner: nil, expected: .allow),
        Case(role: .writer, tokenUser: nil, action: .write, owner: "bob", expected: .allow),
        Case(role: .writer, tokenUser: nil, action: .terminate, owner: "bob", expected: .forbidden),
        Case(role: .operator, tokenUser: nil, action: .exportOwnData, owner: "bob", expected: .forbidden),
        Case(role: .operator, tokenUser: nil, action: .eraseOwnData, owner: "bob", expected: .forbidden),
        // An admin reaches everything; another user's data is an audited override.
        Case(role: .admin, tokenUser: nil, action: .read, owner: "bob", expected: .override),
        Case(role: .admin, tokenUser: nil, action: .terminate, owner: nil, expected: .allow),
        Case(role: .admin, tokenUser: "root", action: .write, owner: "root", expected: .allow),
        Case(role: .admin, tokenUser: "root", action: .eraseOwnData, owner: "bob", expected: .override),
        Case(role: .admin, tokenUser: "root", action: .exportOwnData, owner: "bob", expected: .override),
    ])
    func decision(_ c: Case) {
        let decision = AccessDecision.decide(role: c.role, tokenUser: c.tokenUser, action: c.action, owner: c.owner)
        #expect(decision == c.expected)
        #expect(decision.isAllowed == (c.expected == .allow || c.expected == .override))
    }

    @Test func generatedTokenIsShownOnceAndStoredAsItsHash() {
        var random = SystemRandomNumberGenerator()
        let (text, token) = APIToken.generate(id: "t1", name: "ci", role: .writer, userID: "alice", now: T.t0, using: &random)
        #expect(text.hasPrefix("sd_"))
        #expect(text.count == 3 + 64)
        #expect(APIToken.isWellFormed(text))
        #expect(token.hash == APIToken.hash(of: text))
        #expect(token.hash.count == 64)
        #expect(token.hash != text)
        #expect(!token.hash.contains(String(text.dropFirst(3))))
        #expect(token.role == .writer)
        #expect(token.userID == "alice")
        #expect(token.isActive)
        #expect(token.createdAt == T.t0)
        let other = APIToken.generate(id: "t2", name: "ci", role: .writer, userID: nil, now: T.t0)
        #expect(other.text != text)
        #expect(other.token.hash != token.hash)
    }

    @Test func hashIsSHA256Hex() {
        // SHA-256("abc"), FIPS 180-2 example.
        #expect(APIToken.hash(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [
        ("sd_" + String(repeating: "a", count: 64), true), ("sd_" + String(repeating: "A", count: 64), false),
        ("sd_" + String(repeating: "a", count: 63), false), ("xx_" + String(repeating: "a", count: 64), false), ("", false),
        ("sd_" + String(repeating: "g", count: 64), false),
    ])
    func wellFormedTokens(_ text: String, _ expected: Bool) {
        #expect(APIToken.isWellFormed(text) == expected)
    }

    @Test func tokenJSONNeverCarriesTheHash() {
        let token = APIToken(id: "t1", name: "n", role: .admin, userID: nil, hash: "h", createdAt: T.t0, revokedAt: T.sec(1))
        #expect(token.json["hash"] == nil)
        #expect(token.json["token_hash"] == nil)
        #expect(token.json["role"] == "admin")
        #expect(token.json["user_id"] == .null)
        #expect(!token.isActive)
        let entry = AuditEntry(id: 3, time: T.t0, actor: "token:t1", action: "user.erase", target: "user:bob", details: ["reason": "gdpr"])
        #expect(entry.json["details"]?["reason"] == "gdpr")
        #expect(entry.json["target"] == "user:bob")
    }
}

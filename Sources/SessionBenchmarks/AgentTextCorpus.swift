import Foundation
package import SessionCore
import SessionDemo

/// Deterministic, realistic text of what assistants record (tool outputs of 1–4 KB: source code,
/// build and server logs, lock files, directory listings), with random secrets of every built-in
/// kind to plant: the input of the redaction figures.
///
/// The clean lines carry what must pass: git SHAs, UUIDs, timestamps, versions, ports, hashes
/// and integrity strings of lock files, base64 blobs, ordinary code.
package struct AgentTextCorpus {
    private var random: DemoRandom

    package init(seed: UInt64 = 0x5e55_10d) {
        random = DemoRandom(seed: seed)
    }

    /// One clean line of a random kind.
    package mutating func cleanLine() -> String {
        switch random.below(8) {
        case 0:
            let names = ["session", "builder", "events", "store", "policy", "limit", "reader", "writer"]
            let a = names[random.below(names.count)], b = names[random.below(names.count)]
            return "    let \(a)\(random.below(100)) = try await \(b).load(id: \(a)ID, limit: \(random.below(1000)))  // \(hex(8))"
        case 1:
            return "2026-12-07T09:\(two(60)):\(two(60)).\(random.below(1000))Z INFO request id=\(uuid()) route=/v1/sessions/{id}/events status=201 took=\(random.below(90)).\(random.below(10))ms"
        case 2:
            return "    \"node_modules/pkg-\(hex(4))\": {\"version\": \"\(random.below(20)).\(random.below(30)).\(random.below(40))\", \"resolved\": \"https://registry.npmjs.org/pkg/-/pkg-1.\(random.below(9)).0.tgz\", \"integrity\": \"sha512-\(base64(86))==\"}"
        case 3:
            return "commit \(hex(40)) Merge branch 'feature/\(hex(6))' into main (\(random.below(50)) files changed, \(random.below(900)) insertions(+))"
        case 4:
            return "-rw-r--r--  1 dev  staff  \(random.below(90000)) Dec  7 09:\(two(60)) Sources/SessionCore/Model/File\(random.below(300)).swift"
        case 5:
            return "[\(random.below(400))/\(400)] Compiling SessionCore Module\(random.below(90)).swift (\(random.below(9)).\(random.below(99))s) sha256:\(hex(64))"
        case 6:
            return "        if value.count > limits.maxBytes { throw SessionError(.payloadTooLarge, \"event \\(index) is larger than \\(limits.maxBytes) bytes\") }"
        default:
            return "test \(hex(12)) passed after 0.\(random.below(999)) seconds; thumbnail data:image/png;base64,\(base64(120))="
        }
    }

    /// A tool output of about `bytes` bytes of clean lines.
    package mutating func cleanText(bytes: Int) -> String {
        var out = ""
        while out.utf8.count < bytes { out += cleanLine() + "\n" }
        return out
    }

    /// A random secret of `kind` inside a line, and the secret's own text.
    /// `count` tool results of 1–4 KB of clean output, one in 33 with a planted secret of a
    /// rotating kind: the events of the redaction figures.
    package mutating func toolResults(count: Int) -> [NewEvent] {
        (0..<count).map { index in
            var output = cleanText(bytes: 1024 + (index * 37 % 3072))
            if index % 33 == 0 { output += planted(SecretKind.allCases[index % SecretKind.allCases.count]).line }
            return NewEvent(type: "tool.result", data: ["tool": "bash", "output": .string(output), "exit_code": 0])
        }
    }

    package mutating func planted(_ kind: SecretKind) -> (line: String, secret: String) {
        let secret: String
        switch kind {
        case .awsAccessKeyID: secret = "AKIA" + upperAlnum(16)
        case .awsSecretKey: return wrap("aws_secret_access_key = ", base64(40).replacingOccurrences(of: "+", with: "/"))
        case .githubToken: secret = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"][random.below(5)] + alnum(36)
        case .gitlabToken: secret = "glpat-" + alnum(20)
        case .slackToken: secret = "xoxb-\(digits(12))-\(digits(13))-" + alnum(24)
        case .slackWebhook: return wrap("webhook https://", "hooks.slack.com/services/T\(upperAlnum(8))/B\(upperAlnum(8))/\(alnum(24))")
        case .openAIKey: secret = "sk-proj-" + alnum(40) + "1"
        case .anthropicKey: secret = "sk-ant-api03-" + alnum(90) + "1AA"
        case .googleAPIKey: secret = "AIza" + alnum(35)
        case .stripeKey: secret = "sk_live_" + alnum(24)
        case .npmToken: secret = "npm_" + alnum(36)
        case .pypiToken: secret = "pypi-AgEIcHlwaS5vcmc" + alnum(60)
        case .sessiondToken: secret = "sd_" + hex(64)
        case .jwt: secret = "eyJhbGciOiJIUzI1NiJ9." + "eyJ" + alnum(30) + "." + alnum(43)
        case .privateKey: secret = "-----BEGIN PRIVATE KEY-----\n\(base64(64))\n-----END PRIVATE KEY-----"
        case .bearerToken: return wrap("Authorization: Bearer ", alnum(30) + "9")
        case .basicAuth: return wrap("Authorization: Basic ", "dXNlcjpwYXNzd29yZA==")
        case .urlCredentials: return wrap("DATABASE_URL=postgres://", "app:\(alnum(12))9@db.internal:5432/app", secret: 4..<21)
        case .secretAssignment: return wrap("DB_PASSWORD=", alnum(14) + "7")
        case .email: secret = "user\(random.below(10000)).name@example\(random.below(100)).com"
        case .phone: secret = "+44 20 7946 \(String(1000 + random.below(9000)))"
        case .paymentCard: secret = luhnCard()
        case .iban: secret = iban()
        case .ipv4: secret = "203.0.\(random.below(256)).\(1 + random.below(254))"
        case .ipv6: secret = "2001:db8:\(hex(4)):\(hex(3))::\(hex(2)):\(hex(4))"
        case .usSSN: secret = "\(100 + random.below(565))-\(10 + random.below(89))-\(1000 + random.below(8999))"
        }
        return ("output: \(secret) (end)", secret)
    }

    private func wrap(_ prefix: String, _ secret: String, secret range: Range<Int>? = nil) -> (line: String, secret: String) {
        let line = prefix + secret + " (end)"
        guard let range else { return (line, secret) }
        let bytes = Array(secret.utf8)
        return (line, String(decoding: bytes[range], as: UTF8.self))
    }

    private mutating func luhnCard() -> String {
        var digits = [4] + (0..<14).map { _ in random.below(10) }
        var sum = 0
        for (index, d) in digits.reversed().enumerated() {
            var v = d
            if index % 2 == 0 {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
        }
        digits.append((10 - sum % 10) % 10)
        return stride(from: 0, to: 16, by: 4).map { digits[$0..<($0 + 4)].map(String.init).joined() }.joined(separator: " ")
    }

    private mutating func iban() -> String {
        let account = digits(18)
        // Check digits for DE: move "DE00" to the end, letters to numbers, 98 - mod 97.
        var remainder = 0
        for b in (account + "131400").utf8 { remainder = (remainder * 10 + Int(b - 48)) % 97 }
        let check = 98 - remainder
        return "DE" + (check < 10 ? "0\(check)" : "\(check)") + account
    }

    private mutating func two(_ bound: Int) -> String { let v = random.below(bound); return v < 10 ? "0\(v)" : "\(v)" }
    private mutating func hex(_ n: Int) -> String { pick(n, "0123456789abcdef") }
    private mutating func digits(_ n: Int) -> String { pick(n, "0123456789") }
    private mutating func alnum(_ n: Int) -> String { pick(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") }
    private mutating func upperAlnum(_ n: Int) -> String { pick(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") }
    private mutating func base64(_ n: Int) -> String { pick(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") }
    private mutating func uuid() -> String { "\(hex(8))-\(hex(4))-7\(hex(3))-8\(hex(3))-\(hex(12))" }

    private mutating func pick(_ n: Int, _ alphabet: String) -> String {
        let a = Array(alphabet.utf8)
        return String(decoding: (0..<n).map { _ in a[random.below(a.count)] }, as: UTF8.self)
    }
}

extension DemoRandom {
    fileprivate mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }
}

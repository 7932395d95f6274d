import SessionCore
import Testing

/// Planted secrets of every built-in kind, and clean text that must pass untouched.
enum SecretSamples {
    /// One sample per line: the text, the kind found, and the exact bytes it covers.
    static let planted: [(text: String, kind: SecretKind, secret: String)] = [
        ("key id AKIAQWERTYUIOP123456 in use", .awsAccessKeyID, "AKIAQWERTYUIOP123456"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", .awsSecretKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("export GH=ghp_" + String(repeating: "a1B2", count: 9), .githubToken, "ghp_" + String(repeating: "a1B2", count: 9)),
        ("token github_pat_11ABCDEFG0" + String(repeating: "x9Y", count: 20), .githubToken, "github_pat_11ABCDEFG0" + String(repeating: "x9Y", count: 20)),
        ("CI_TOKEN glpat-xYz12AbC34dEf56GhI78 set", .gitlabToken, "glpat-xYz12AbC34dEf56GhI78"),
        ("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", .slackToken, "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"),
        ("post to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX now", .slackWebhook,
         "hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
        ("OPENAI sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z", .openAIKey, "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"),
        ("key sk-ant-api03-" + String(repeating: "Zx7_", count: 23) + "AA", .anthropicKey, "sk-ant-api03-" + String(repeating: "Zx7_", count: 23) + "AA"),
        ("maps AIza" + String(repeating: "Sy1", count: 11) + "ab!", .googleAPIKey, "AIza" + String(repeating: "Sy1", count: 11) + "ab"),
        ("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", .stripeKey, "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        ("restricted rk_live_4eC39HqLyjWDarjtT1zdp7dc", .stripeKey, "rk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        ("//registry.npmjs.org/:_authToken=npm_" + String(repeating: "aB3", count: 12), .npmToken, "npm_" + String(repeating: "aB3", count: 12)),
        ("password = pypi-AgEIcHlwaS5vcmc" + String(repeating: "Ab1-", count: 15), .pypiToken, "pypi-AgEIcHlwaS5vcmc" + String(repeating: "Ab1-", count: 15)),
        ("Authorization: sd_" + String(repeating: "0f", count: 32), .sessiondToken, "sd_" + String(repeating: "0f", count: 32)),
        ("jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", .jwt,
         "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
        ("key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\ndone", .privateKey,
         "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7", .privateKey, "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7"),
        ("Authorization: Bearer abc123def456ghi789", .bearerToken, "abc123def456ghi789"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", .basicAuth, "dXNlcjpwYXNzd29yZA=="),
        ("DATABASE_URL=postgres://admin:s3cr3t@db.internal:5432/app", .urlCredentials, "admin:s3cr3t"),
        ("DB_PASSWORD=hunter22", .secretAssignment, "hunter22"),
        ("{\"password\": \"correct horse\"}", .secretAssignment, "correct horse"),
        ("client_secret: 'abcd1234efgh'", .secretAssignment, "abcd1234efgh"),
        ("mail alice.smith@example.com today", .email, "alice.smith@example.com"),
        ("call +1 415 555 0100.", .phone, "+1 415 555 0100"),
        ("call (415) 555-0100", .phone, "(415) 555-0100"),
        ("call 415-555-0100", .phone, "415-555-0100"),
        ("card 4111 1111 1111 1111 exp", .paymentCard, "4111 1111 1111 1111"),
        ("card 5500-0000-0000-0004", .paymentCard, "5500-0000-0000-0004"),
        ("amex 378282246310005", .paymentCard, "378282246310005"),
        ("iban DE89 3704 0044 0532 0130 00", .iban, "DE89 3704 0044 0532 0130 00"),
        ("iban GB82WEST12345698765432", .iban, "GB82WEST12345698765432"),
        ("from 203.0.113.42 port 22", .ipv4, "203.0.113.42"),
        ("host 2001:db8:85a3::8a2e:370:7334 up", .ipv6, "2001:db8:85a3::8a2e:370:7334"),
        ("fe80:0:0:0:202:b3ff:fe1e:8329", .ipv6, "fe80:0:0:0:202:b3ff:fe1e:8329"),
        ("ssn 123-45-6789", .usSSN, "123-45-6789"),
    ]

    /// Clean code, logs and lock-file lines: nothing may be found in them.
    static let clean: [String] = [
        "commit 3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a",
        "id 0192f1f0-0000-7000-8000-000000000000 and 123e4567-e89b-12d3-a456-426614174000",
        "integrity sha512-Q2Fh5Tw0eN7d8ekn6yO8h8WlVmUjZ7cL9u1ZtLqj4ZKe+zY3Xg0f5pW3n2oS1jY9L7dV6rX4tP2mQ8bA0cE==",
        "\"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz\"",
        "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\">",
        "let token = try await client.createToken()",
        "var password: String",
        "let apiKey: UInt64",
        "max_tokens = 4096",
        "2026-12-07T09:08:56.123Z INFO request took 12.5 ms",
        "version 1.2.3 on port 8080, build 2026.12.07.1",
        "http://127.0.0.1:8080/v1/sessions and http://localhost:8080",
        "func hash(into hasher: inout Hasher)",
        "@Test func expiredSessionIsPurged() async throws",
        "git@github.com:owner/repo.git",
        "12:30:45 elapsed",
        "std::vector<int> v; a::b; Foo::bar()",
        "input_tokens=1200 output_tokens=340",
        "timestamp 1765098536000 ms",
        "if password == confirm {",
        "secret = os.environ[\"SECRET\"]",
        "MAC 00:1a:2b:3c:4d:5e",
        "count 1234567890123456 items",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "Bearer tokens are described in RFC 6750",
        "Basic authentication is not used here",
        "export PATH=$HOME/bin:$PATH",
        "password=${DB_PASSWORD}",
        "token: \"<your token here>\"",
        "lodash@4.17.21 and @types/node@20.1.0",
        "for i in 0..<10 { total += i }",
        "\"packages/foo\": {\"version\": \"1.0.0\", \"dependencies\": {\"bar\": \"^2.3.4\"}}",
        "sk-learn is a library",
        "see RFC 3339 section 5.6",
    ]
}

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

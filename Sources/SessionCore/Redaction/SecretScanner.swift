/// One finding of ``SecretScanner``: which bytes of the text, and what they are.
public struct SecretMatch: Sendable, Hashable {
    public var range: Range<Int>
    public var kind: SecretKind

    public init(range: Range<Int>, kind: SecretKind) {
        self.range = range
        self.kind = kind
    }
}

/// The built-in detectors: one pass over UTF-8 bytes that finds credentials and personal data.
///
/// Built for speed on clean text, because every event of every session goes through it: the
/// pass looks only at word starts and at a handful of punctuation bytes (`@`, `=`, `:`, `-`,
/// `+`, `(`), and each detector first checks a fixed prefix or shape before it reads further,
/// as gitleaks' keyword prefilters do. False positives are kept down the way detect-secrets and
/// Presidio do it: checksums (Luhn for cards, mod-97 for IBANs, per-country IBAN lengths),
/// issuer prefixes, exact shapes with word boundaries (a UUID, a git SHA, a lock-file hash or a
/// base64 image never matches), and for `key = value` assignments a value that looks like a
/// secret rather than code (`password: String`, `token = make_token()` pass).
public struct SecretScanner: Sendable {
    /// The kinds this scanner looks for.
    public var kinds: SecretKindSet

    public init(kinds: SecretKindSet = .all) {
        self.kinds = kinds
    }

    /// The matches in `text`, in order and not overlapping.
    public func scan(_ text: String) -> [SecretMatch] {
        var text = text
        return text.withUTF8 { scan($0) }
    }

    /// The matches in `bytes`, in order and not overlapping.
    public func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [SecretMatch] {
        var pass = ScanPass(bytes: bytes, kinds: kinds)
        pass.run()
        return pass.matches
    }
}

/// One run of the scanner over one text.
struct ScanPass {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    let kinds: SecretKindSet
    var matches: [SecretMatch] = []

    init(bytes: UnsafeBufferPointer<UInt8>, kinds: SecretKindSet) {
        p = bytes
        n = bytes.count
        self.kinds = kinds
    }

    mutating func run() {
        // Locals, so the loop keeps the buffer in registers while `record` changes `matches`.
        let p = self.p
        let n = self.n
        var i = 0
        while i < n {
            let b = p[i]
            if ScanBytes.isWord(b) {
                // A word start: the detectors keyed on a prefix or a shape.
                if let next = wordStart(i), next > i {
                    i = next
                    // Resume at the next word start, not inside what was matched or skipped.
                    while i < n, ScanBytes.isWord(p[i]) { i += 1 }
                    continue
                }
                i += 1
                while i < n, ScanBytes.isWord(p[i]) { i += 1 }
                continue
            }
            switch b {
            case UInt8(ascii: "@"): email(at: i)
            case UInt8(ascii: "="): assignment(at: i)
            case UInt8(ascii: ":"):
                if i + 2 < n, p[i + 1] == UInt8(ascii: "/"), p[i + 2] == UInt8(ascii: "/") {
                    if let end = urlCredentials(at: i) {
                        i = end
                        continue
                    }
                } else {
                    assignment(at: i)
                }
            case UInt8(ascii: "-"):
                if let end = privateKey(at: i) {
                    i = end
                    continue
                }
            case UInt8(ascii: "+"), UInt8(ascii: "("):
                if let end = phone(at: i) {
                    i = end
                    continue
                }
            default: break
            }
            i += 1
        }
    }

    // MARK: Recording

    /// Records a match, merging it into the previous one where they overlap.
    mutating func record(_ range: Range<Int>, _ kind: SecretKind) {
        guard kinds.contains(kind), !range.isEmpty else { return }
        if let last = matches.last, range.lowerBound < last.range.upperBound {
            let merged = min(last.range.lowerBound, range.lowerBound)..<max(last.range.upperBound, range.upperBound)
            matches[matches.count - 1].range = merged
            return
        }
        matches.append(SecretMatch(range: range, kind: kind))
    }

    func has(_ prefix: StaticString, at i: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard i + count <= n else { return false }
        let start = prefix.utf8Start
        for k in 0..<count where p[i + k] != start[k] { return false }
        return true
    }

    /// The end of a run of bytes from `i` that `accept` takes.
    func run(from i: Int, _ accept: (UInt8) -> Bool) -> Int {
        var j = i
        while j < n, accept(p[j]) { j += 1 }
        return j
    }

    /// Whether `j` is the end of a token: the end of the text or a byte that is not a word byte.
    func endsWord(_ j: Int) -> Bool { j >= n || !ScanBytes.isWord(p[j]) }

    /// Whether the byte before `i` is a word byte.
    func followsWord(_ i: Int) -> Bool { i > 0 && ScanBytes.isWord(p[i - 1]) }

    // MARK: Word starts

    /// Runs the detectors keyed on the first bytes of the word at `i`; returns where scanning
    /// goes on when it matched or skipped something.
    mutating func wordStart(_ i: Int) -> Int? {
        let b = p[i]
        switch b {
        case UInt8(ascii: "A"):
            if let end = awsAccessKey(i) ?? googleKey(i) { return end }
            return iban(i)
        case UInt8(ascii: "g"): return githubToken(i) ?? gitlabToken(i)
        case UInt8(ascii: "x"): return slackToken(i)
        case UInt8(ascii: "h"): return slackWebhook(i)
        case UInt8(ascii: "s"): return providerKey(i)
        case UInt8(ascii: "r"): return stripeRestrictedKey(i)
        case UInt8(ascii: "n"): return npmToken(i)
        case UInt8(ascii: "p"): return pypiToken(i)
        case UInt8(ascii: "e"): return jwt(i) ?? ipv6(i)
        case UInt8(ascii: "B"), UInt8(ascii: "b"): return authorization(i) ?? ipv6(i) ?? (b == UInt8(ascii: "B") ? iban(i) : nil)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return number(i) ?? ipv6(i)
        case UInt8(ascii: "a"), UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "f"): return ipv6(i)
        case UInt8(ascii: "C"), UInt8(ascii: "D"), UInt8(ascii: "E"), UInt8(ascii: "F"): return ipv6(i) ?? iban(i)
        case UInt8(ascii: "G")...UInt8(ascii: "Z"): return iban(i)
        default: return nil
        }
    }

    /// One of `prefixes` at `i`, then a body of bytes `body` takes, `length` of them, at the end
    /// of a word: records `kind` over prefix and body and returns the end.
    mutating func prefixed(
        _ i: Int, _ prefixes: [StaticString], _ kind: SecretKind, length: ClosedRange<Int>, body: (UInt8) -> Bool
    ) -> Int? {
        guard let prefix = prefixes.first(where: { has($0, at: i) }) else { return nil }
        let start = i + prefix.utf8CodeUnitCount
        let end = run(from: start, body)
        guard length.contains(end - start), endsWord(end) else { return nil }
        record(i..<end, kind)
        return end
    }

    static let awsPrefixes: [StaticString] = ["AKIA", "ASIA", "ABIA", "ACCA"]
    static let githubPrefixes: [StaticString] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]
    static let gitlabPrefixes: [StaticString] = ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glft-", "glsoat-", "gloas-", "glimt-"]
    static let slackPrefixes: [StaticString] = ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-"]
    static let googlePrefix: [StaticString] = ["AIza"]
    static let githubPATPrefix: [StaticString] = ["github_pat_"]
    static let slackWebhookPrefix: [StaticString] = ["hooks.slack.com/services/"]
    static let sessiondPrefix: [StaticString] = ["sd_"]
    static let stripeSecretPrefix: [StaticString] = ["sk_live_"]
    static let stripeRestrictedPrefix: [StaticString] = ["rk_live_"]
    static let npmPrefix: [StaticString] = ["npm_"]
    static let pypiPrefix: [StaticString] = ["pypi-AgEIcHlwaS5vcmc"]
    /// No upper bound on a body's length.
    static let atLeast = Int.max

    /// `AKIA…`, `ASIA…`: an AWS access key id, four letters and sixteen upper-case letters or digits.
    mutating func awsAccessKey(_ i: Int) -> Int? {
        prefixed(i, Self.awsPrefixes, .awsAccessKeyID, length: 16...16) { ScanBytes.isUpper($0) || ScanBytes.isDigit($0) }
    }

    /// `AIza` and 35 more: a Google API key.
    mutating func googleKey(_ i: Int) -> Int? {
        prefixed(i, Self.googlePrefix, .googleAPIKey, length: 35...35, body: ScanBytes.isTokenByte)
    }

    /// `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` and 36 letters or digits; `github_pat_…`.
    mutating func githubToken(_ i: Int) -> Int? {
        prefixed(i, Self.githubPATPrefix, .githubToken, length: 22...Self.atLeast, body: ScanBytes.isWord)
            ?? prefixed(i, Self.githubPrefixes, .githubToken, length: 36...Self.atLeast, body: ScanBytes.isAlnum)
    }

    /// `glpat-…` and GitLab's other token prefixes.
    mutating func gitlabToken(_ i: Int) -> Int? {
        guard i + 1 < n, p[i + 1] == UInt8(ascii: "l") else { return nil }
        return prefixed(i, Self.gitlabPrefixes, .gitlabToken, length: 20...Self.atLeast, body: ScanBytes.isTokenByte)
    }

    /// `xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`, `xoxe-`, `xapp-`: Slack tokens.
    mutating func slackToken(_ i: Int) -> Int? {
        prefixed(i, Self.slackPrefixes, .slackToken, length: 10...Self.atLeast) { ScanBytes.isAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// `hooks.slack.com/services/T…/B…/…`: a Slack incoming webhook URL.
    mutating func slackWebhook(_ i: Int) -> Int? {
        prefixed(i, Self.slackWebhookPrefix, .slackWebhook, length: 20...Self.atLeast) { ScanBytes.isWord($0) || $0 == UInt8(ascii: "/") }
    }

    /// Keys starting with `s`: Anthropic (`sk-ant-`), OpenAI (`sk-…`), Stripe (`sk_live_`),
    /// sessiond (`sd_` and 64 hex digits).
    mutating func providerKey(_ i: Int) -> Int? {
        guard i + 3 < n else { return nil }
        if has("sk-", at: i) {
            let end = run(from: i + 3, ScanBytes.isTokenByte)
            let body = UnsafeBufferPointer(rebasing: p[(i + 3)..<end])
            guard end - i - 3 >= 20, body.contains(where: ScanBytes.isDigit), body.contains(where: ScanBytes.isLetter) else { return nil }
            record(i..<end, has("sk-ant-", at: i) ? .anthropicKey : .openAIKey)
            return end
        }
        return prefixed(i, Self.sessiondPrefix, .sessiondToken, length: 64...64, body: ScanBytes.isLowerHex) ?? prefixed(i, Self.stripeSecretPrefix, .stripeKey, length: 20...Self.atLeast, body: ScanBytes.isAlnum)
    }

    /// `rk_live_…`: a Stripe live restricted key (`sk_live_…` is under ``providerKey(_:)``).
    mutating func stripeRestrictedKey(_ i: Int) -> Int? {
        prefixed(i, Self.stripeRestrictedPrefix, .stripeKey, length: 20...Self.atLeast, body: ScanBytes.isAlnum)
    }

    /// `npm_` and 36 letters or digits.
    mutating func npmToken(_ i: Int) -> Int? {
        prefixed(i, Self.npmPrefix, .npmToken, length: 36...36, body: ScanBytes.isAlnum)
    }

    /// `pypi-AgEIcHlwaS5vcmc…`: a PyPI API token (a macaroon for pypi.org).
    mutating func pypiToken(_ i: Int) -> Int? {
        prefixed(i, Self.pypiPrefix, .pypiToken, length: 50...Self.atLeast, body: ScanBytes.isTokenByte)
    }

    /// `eyJ….eyJ….…`: a JSON Web Token (header and payload are base64url JSON objects).
    mutating func jwt(_ i: Int) -> Int? {
        guard has("eyJ", at: i) else { return nil }
        let header = run(from: i, ScanBytes.isTokenByte)
        guard header - i >= 10, header < n, p[header] == UInt8(ascii: "."), has("eyJ", at: header + 1) else { return nil }
        let payload = run(from: header + 1, ScanBytes.isTokenByte)
        guard payload - header - 1 >= 10, payload < n, p[payload] == UInt8(ascii: ".") else { return nil }
        let signature = run(from: payload + 1, ScanBytes.isTokenByte)
        record(i..<signature, .jwt)
        return signature
    }

    /// `Bearer TOKEN`, `Basic BASE64` (the credentials only), and `base64,` of a data URI,
    /// skipped whole.
    mutating func authorization(_ i: Int) -> Int? {
        if has("base64,", at: i) {
            return run(from: i + 7) { ScanBytes.isTokenByte($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=") }
        }
        let isBearer = has("Bearer ", at: i) || has("bearer ", at: i)
        let isBasic = !isBearer && (has("Basic ", at: i) || has("basic ", at: i))
        guard isBearer || isBasic else { return nil }
        let start = run(from: i + (isBearer ? 7 : 6)) { $0 == UInt8(ascii: " ") }
        let end = run(from: start) { ScanBytes.isTokenByte($0) || ScanBytes.isOne(of: "+/=~.", $0) }
        let token = UnsafeBufferPointer(rebasing: p[start..<end])
        guard token.count >= 8 else { return nil }
        if isBearer {
            guard token.contains(where: ScanBytes.isDigit) || token.count >= 20 else { return nil }
            record(start..<end, .bearerToken)
        } else {
            guard let decoded = Base64Text.decode(token), decoded.contains(UInt8(ascii: ":")) else { return nil }
            record(start..<end, .basicAuth)
        }
        return end
    }

    // MARK: Punctuation

    /// `scheme://user:password@host`: the user and password; returns where the host starts.
    mutating func urlCredentials(at colon: Int) -> Int? {
        guard followsWord(colon) else { return nil }
        let start = colon + 3
        var j = start
        var sawColon = false
        while j < n {
            let b = p[j]
            if b == UInt8(ascii: "@") { break }
            if b == UInt8(ascii: ":") { sawColon = true }
            if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") || ScanBytes.isSpace(b) || b == UInt8(ascii: "\"") { return nil }
            j += 1
        }
        guard j < n, sawColon, j > start, p[j - 1] != UInt8(ascii: ":") else { return nil }
        record(start..<j, .urlCredentials)
        return j + 1
    }

    /// `password = value`, `"api_key": "value"`, `SECRET=value`: the value, when the name is
    /// one of a secret's and the value looks like one.
    mutating func assignment(at i: Int) {
        // Not `==`, `!=`, `<=`, `>=`, `=>`, `::`.
        if i + 1 < n, p[i + 1] == UInt8(ascii: "=") || p[i + 1] == UInt8(ascii: ">") || (p[i] == UInt8(ascii: ":") && p[i + 1] == UInt8(ascii: ":")) { return }
        if i > 0, ScanBytes.isOne(of: "=!<>:", p[i - 1]) { return }
        // The name before the operator.
        var k = i - 1
        while k >= 0, p[k] == UInt8(ascii: " ") || p[k] == UInt8(ascii: "\t") { k -= 1 }
        if k >= 0, p[k] == UInt8(ascii: "\"") || p[k] == UInt8(ascii: "'") { k -= 1 }
        let nameEnd = k + 1
        while k >= 0, nameEnd - k <= 64, ScanBytes.isWord(p[k]) || p[k] == UInt8(ascii: "-") || p[k] == UInt8(ascii: ".") { k -= 1 }
        let name = UnsafeBufferPointer(rebasing: p[(k + 1)..<nameEnd])
        guard name.count >= 3, let kind = SecretNames.kind(of: name) else { return }
        // The value after it.
        var j = i + 1
        while j < n, p[j] == UInt8(ascii: " ") || p[j] == UInt8(ascii: "\t") { j += 1 }
        guard j < n else { return }
        let quote = p[j]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") || quote == UInt8(ascii: "`") {
            let start = j + 1
            let end = run(from: start) { $0 != quote && $0 != UInt8(ascii: "\n") }
            let value = UnsafeBufferPointer(rebasing: p[start..<end])
            guard SecretValues.isQuotedSecret(value), !isKnownToken(at: start) else { return }
            record(start..<end, kind)
        } else {
            let end = run(from: j) { !ScanBytes.isSpace($0) && !ScanBytes.isOne(of: ",;}])&\"'<>", $0) }
            let value = UnsafeBufferPointer(rebasing: p[j..<end])
            guard SecretValues.isBareSecret(value, typeAnnotationPossible: p[i] == UInt8(ascii: ":")), !isKnownToken(at: j) else { return }
            record(j..<end, kind)
        }
    }

    /// Whether a token detector takes the word at `i` (it records the match, by its own kind).
    mutating func isKnownToken(at i: Int) -> Bool {
        guard i < n, ScanBytes.isWord(p[i]), !followsWord(i) else { return false }
        let before = matches.count
        _ = wordStart(i)
        return matches.count > before
    }

    /// `-----BEGIN … PRIVATE KEY-----` to its `-----END … PRIVATE KEY-----` (or the end of the text).
    mutating func privateKey(at i: Int) -> Int? {
        guard has("-----BEGIN ", at: i) else { return nil }
        let lineEnd = run(from: i + 11) { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "\n") }
        let label = UnsafeBufferPointer(rebasing: p[(i + 11)..<lineEnd])
        guard ScanBytes.contains(label, "PRIVATE KEY") else { return nil }
        var j = lineEnd
        while j < n {
            if p[j] == UInt8(ascii: "-"), has("-----END ", at: j) {
                let close = run(from: j + 9) { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "\n") }
                let end = run(from: close) { $0 == UInt8(ascii: "-") }
                record(i..<end, .privateKey)
                return end
            }
            j += 1
        }
        record(i..<n, .privateKey)
        return n
    }

    /// `local@domain.tld`.
    mutating func email(at sign: Int) {
        var k = sign - 1
        while k >= 0, ScanBytes.isEmailLocal(p[k]) { k -= 1 }
        let start = k + 1
        guard start < sign, p[start] != UInt8(ascii: "."), sign - start <= 64 else { return }
        // `git@host:owner/repo` is an SSH remote, not a person.
        if sign - start == 3, has("git", at: start) { return }
        var j = sign + 1
        var labels = 0
        var lastLabelStart = j
        var lastLabelAlpha = true
        while j < n {
            let labelStart = j
            var alpha = true
            while j < n, ScanBytes.isAlnum(p[j]) || p[j] == UInt8(ascii: "-") {
                if !ScanBytes.isLetter(p[j]) { alpha = false }
                j += 1
            }
            guard j > labelStart else { break }
            labels += 1
            lastLabelStart = labelStart
            lastLabelAlpha = alpha
            guard j + 1 < n, p[j] == UInt8(ascii: "."), ScanBytes.isAlnum(p[j + 1]) else { break }
            j += 1
        }
        guard labels >= 2, lastLabelAlpha, j - lastLabelStart >= 2 else { return }
        record(start..<j, .email)
    }

    /// `+CC …` with 8 to 15 digits, or `(415) 555-0100`.
    mutating func phone(at i: Int) -> Int? {
        guard !followsWord(i) else { return nil }
        if p[i] == UInt8(ascii: "(") {
            // (ddd) ddd-dddd
            guard let end = NumberShapes.match(p, from: i, "(ddd) ddd-dddd") ?? NumberShapes.match(p, from: i, "(ddd)ddd-dddd"),
                endsWord(end), p[i + 1] >= UInt8(ascii: "2")
            else { return nil }
            record(i..<end, .phone)
            return end
        }
        var j = i + 1
        var digits = 0
        var lastWasSeparator = true
        var end = j
        while j < n {
            let b = p[j]
            if ScanBytes.isDigit(b) {
                digits += 1
                lastWasSeparator = false
                end = j + 1
            } else if !lastWasSeparator, b == UInt8(ascii: " ") || b == UInt8(ascii: "-") || b == UInt8(ascii: "."),
                j + 1 < n, ScanBytes.isDigit(p[j + 1]) || p[j + 1] == UInt8(ascii: "(")
            {
                lastWasSeparator = true
            } else if b == UInt8(ascii: "(") || b == UInt8(ascii: ")") {
                lastWasSeparator = true
            } else {
                break
            }
            j += 1
        }
        guard digits >= 8, digits <= 15, ScanBytes.isDigit(p[i + 1]), endsWord(end) else { return nil }
        record(i..<end, .phone)
        return end
    }

    // MARK: Numbers

    /// A token starting with a digit: a US SSN or phone number, a payment card, an IPv4 address.
    mutating func number(_ i: Int) -> Int? {
        // Inside a dashed or dotted token (a UUID's group, a version's part): not a start.
        if i > 0, p[i - 1] == UInt8(ascii: "-") || p[i - 1] == UInt8(ascii: ".") { return nil }
        if let end = NumberShapes.match(p, from: i, "ddd-dd-dddd"), endsWord(end), !followsDash(end), NumberShapes.isValidSSN(p, at: i) {
            record(i..<end, .usSSN)
            return end
        }
        for shape: StaticString in ["ddd-ddd-dddd", "ddd.ddd.dddd", "ddd ddd dddd", "1-ddd-ddd-dddd"] {
            if let end = NumberShapes.match(p, from: i, shape), endsWord(end), !followsDash(end) {
                let area = shape.utf8CodeUnitCount == 14 ? i + 2 : i
                guard p[area] >= UInt8(ascii: "2") else { return nil }
                record(i..<end, .phone)
                return end
            }
        }
        if let end = ipv4(i) { return end }
        return card(i)
    }

    func followsDash(_ end: Int) -> Bool {
        end + 1 < n && (p[end] == UInt8(ascii: "-") || p[end] == UInt8(ascii: ".")) && ScanBytes.isAlnum(p[end + 1])
    }

    /// Four dot-separated numbers of at most 255; loopback and `0.0.0.0` identify no one and pass.
    mutating func ipv4(_ i: Int) -> Int? {
        var j = i
        var parts = 0
        var first = 0
        var total = 0
        while parts < 4 {
            let start = j
            var value = 0
            while j < n, ScanBytes.isDigit(p[j]), j - start < 3 {
                value = value * 10 + Int(p[j] - UInt8(ascii: "0"))
                j += 1
            }
            guard j > start, value <= 255 else { return nil }
            if parts == 0 { first = value }
            total += value
            parts += 1
            if parts < 4 {
                guard j < n, p[j] == UInt8(ascii: ".") else { return nil }
                j += 1
            }
        }
        guard endsWord(j), !followsDash(j) else { return nil }
        if first == 127 || total == 0 { return j }
        record(i..<j, .ipv4)
        return j
    }

    /// 13 to 19 digits, in groups of four (or Amex's 4-6-5) or none, with an issuer's prefix
    /// and a valid Luhn check digit.
    mutating func card(_ i: Int) -> Int? {
        var j = i
        var digits = 0
        var group = 0
        var separator: UInt8 = 0
        var separators = 0
        var allFours = true
        var firstGroups = (0, 0)
        while j < n, digits <= 19 {
            let b = p[j]
            if ScanBytes.isDigit(b) {
                digits += 1
                group += 1
                j += 1
            } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "-"), group > 0, j + 1 < n, ScanBytes.isDigit(p[j + 1]),
                separator == 0 || separator == b
            {
                separator = b
                if group != 4 { allFours = false }
                if separators == 0 { firstGroups.0 = group } else if separators == 1 { firstGroups.1 = group }
                separators += 1
                group = 0
                j += 1
            } else {
                break
            }
        }
        guard digits >= 13, digits <= 19, endsWord(j), !followsDash(j) else { return nil }
        if separators > 0 {
            let fours = allFours && group >= 1 && group <= 4
            let amex = separators == 2 && firstGroups == (4, 6) && (group == 5 || group == 4)
            guard fours || amex else { return nil }
        }
        let number = UnsafeBufferPointer(rebasing: p[i..<j])
        guard PaymentCards.hasIssuerPrefix(number, digits: digits), PaymentCards.luhn(number) else { return nil }
        record(i..<j, .paymentCard)
        return j
    }

    /// Two letters, two check digits and the account (groups of four may be spaced), of the
    /// length its country uses, with a valid mod-97 check.
    mutating func iban(_ i: Int) -> Int? {
        guard i + 15 < n, ScanBytes.isUpper(p[i + 1]), ScanBytes.isDigit(p[i + 2]), ScanBytes.isDigit(p[i + 3]) else { return nil }
        guard let length = IBANRules.length(p[i], p[i + 1]) else { return nil }
        var characters: [UInt8] = []
        var j = i
        while j < n, characters.count < length {
            let b = p[j]
            if ScanBytes.isUpper(b) || ScanBytes.isDigit(b) {
                characters.append(b)
                j += 1
            } else if b == UInt8(ascii: " "), characters.count % 4 == 0, j + 1 < n, ScanBytes.isAlnum(p[j + 1]) {
                j += 1
            } else {
                break
            }
        }
        guard characters.count == length, endsWord(j), IBANRules.checksumIsValid(characters) else { return nil }
        record(i..<j, .iban)
        return j
    }

    /// Eight groups of hex digits, or fewer with one `::`; `::1` passes.
    mutating func ipv6(_ i: Int) -> Int? {
        // Cheap prefilter: a colon within the first five bytes.
        var colon = i
        while colon < n, colon - i < 5, ScanBytes.isHex(p[colon]) { colon += 1 }
        guard colon < n, colon > i, p[colon] == UInt8(ascii: ":") else { return nil }
        var j = i
        var groups = 0
        var compressed = false
        var sawDigit = false
        while j < n {
            let start = j
            while j < n, j - start < 4, ScanBytes.isHex(p[j]) {
                if ScanBytes.isDigit(p[j]) { sawDigit = true }
                j += 1
            }
            if j > start { groups += 1 } else if !(compressed && j == start) { break }
            if j < n, ScanBytes.isHex(p[j]) { return nil }  // a group of five: not an address
            guard j < n, p[j] == UInt8(ascii: ":") else { break }
            if j + 1 < n, p[j + 1] == UInt8(ascii: ":") {
                if compressed { return nil }
                compressed = true
                j += 2
                if j >= n || !ScanBytes.isHex(p[j]) { break }
            } else {
                guard j + 1 < n, ScanBytes.isHex(p[j + 1]) else { break }
                j += 1
            }
        }
        guard sawDigit, endsWord(j), groups == 8 || (compressed && groups >= 2 && groups < 8) else { return nil }
        record(i..<j, .ipv6)
        return j
    }
}

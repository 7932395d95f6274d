/// Byte classes of the scanner, on UTF-8 (every non-ASCII byte is in no class).
enum ScanBytes {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
    /// A letter, a digit or `_`: what a word (and a token's body) is made of.
    @inline(__always) static func isWord(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) || b == 0x5F }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
    @inline(__always) static func isLowerHex(_ b: UInt8) -> Bool { isDigit(b) || b &- 0x61 < 6 }
    /// A letter, a digit, `_` or `-`: the body of most API tokens, and the base64url alphabet.
    @inline(__always) static func isTokenByte(_ b: UInt8) -> Bool { isWord(b) || b == 0x2D }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b &- 0x09 < 5 }
    /// What the local part of an email address may hold.
    @inline(__always) static func isEmailLocal(_ b: UInt8) -> Bool {
        isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D
    }

    /// Whether `b` is one of the ASCII bytes of `set` (a short literal: a loop, no `String` work).
    @inline(__always) static func isOne(of set: StaticString, _ b: UInt8) -> Bool {
        let start = set.utf8Start
        for k in 0..<set.utf8CodeUnitCount where start[k] == b { return true }
        return false
    }

    /// Whether `haystack` ends with the ASCII `suffix`.
    static func hasSuffix(_ haystack: UnsafeBufferPointer<UInt8>, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard haystack.count >= count else { return false }
        let start = suffix.utf8Start
        let offset = haystack.count - count
        for k in 0..<count where haystack[offset + k] != start[k] { return false }
        return true
    }

    /// Whether `haystack` contains the ASCII `needle`.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard haystack.count >= count else { return false }
        let start = needle.utf8Start
        outer: for i in 0...(haystack.count - count) {
            for k in 0..<count where haystack[i + k] != start[k] { continue outer }
            return true
        }
        return false
    }
}

/// Number layouts such as `ddd-dd-dddd`: `d` is a digit, every other byte stands for itself.
enum NumberShapes {
    /// The end of `shape` matched at `i`, if it matches.
    static func match(_ p: UnsafeBufferPointer<UInt8>, from i: Int, _ shape: StaticString) -> Int? {
        let count = shape.utf8CodeUnitCount
        guard i + count <= p.count else { return nil }
        let s = shape.utf8Start
        for k in 0..<count {
            let want = s[k]
            let got = p[i + k]
            if want == UInt8(ascii: "d") {
                guard ScanBytes.isDigit(got) else { return nil }
            } else if got != want {
                return nil
            }
        }
        return i + count
    }

    /// An SSN `AAA-GG-SSSS` the SSA could issue: area not 000, 666 or 9xx; group not 00; serial not 0000.
    static func isValidSSN(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(p[i + $1] - 0x30) } }
        let area = value(0..<3)
        return area != 0 && area != 666 && area < 900 && value(4..<6) != 0 && value(7..<11) != 0
    }
}

/// Payment card checks: issuer prefixes and the Luhn check digit.
enum PaymentCards {
    /// Whether the number starts as a card of a known network of that length: Visa, Mastercard,
    /// American Express, Discover, JCB, Diners Club, UnionPay, Maestro.
    static func hasIssuerPrefix(_ number: UnsafeBufferPointer<UInt8>, digits: Int) -> Bool {
        var prefix = 0
        var taken = 0
        for b in number where ScanBytes.isDigit(b) && taken < 6 {
            prefix = prefix * 10 + Int(b - 0x30)
            taken += 1
        }
        let p2 = prefix / 10_000
        let p3 = prefix / 1_000
        let p4 = prefix / 100
        switch digits {
        case 15: return p2 == 34 || p2 == 37 || (p4 >= 3528 && p4 <= 3589)
        case 14: return p2 == 36 || p2 == 38 || (p3 >= 300 && p3 <= 305)
        default:
            return prefix / 100_000 == 4 || (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720) || p4 == 6011 || p2 == 65
                || (p3 >= 644 && p3 <= 649) || (p4 >= 3528 && p4 <= 3589) || p2 == 62 || (digits >= 16 && (p2 == 36 || p2 == 38))
                || (digits >= 16 && (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 6304 || p4 == 6759))
        }
    }

    /// Whether the digits of `number` (separators skipped) pass the Luhn check.
    static func luhn(_ number: UnsafeBufferPointer<UInt8>) -> Bool {
        var sum = 0
        var double = false
        for b in number.reversed() where ScanBytes.isDigit(b) {
            var d = Int(b - 0x30)
            if double {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
            double.toggle()
        }
        return sum % 10 == 0
    }
}

/// IBAN checks: the length each country uses and the ISO 13616 mod-97 check.
enum IBANRules {
    /// The IBAN length of the country `a b`, if it issues IBANs.
    static func length(_ a: UInt8, _ b: UInt8) -> Int? {
        lengths[UInt16(a) << 8 | UInt16(b)]
    }

    /// Whether the IBAN's characters (no spaces) pass the mod-97 check.
    static func checksumIsValid(_ characters: [UInt8]) -> Bool {
        var remainder = 0
        for k in 0..<characters.count {
            let b = characters[(k + 4) % characters.count]
            if ScanBytes.isDigit(b) {
                remainder = (remainder * 10 + Int(b - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(b - 0x41 + 10)) % 97
            }
        }
        return remainder == 1
    }

    private static let lengths: [UInt16: Int] = {
        let table: [(String, Int)] = [
            ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16), ("BG", 22), ("BH", 22),
            ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22), ("CY", 28), ("CZ", 24), ("DE", 22), ("DK", 18), ("DO", 28),
            ("EE", 20), ("EG", 29), ("ES", 24), ("FI", 18), ("FO", 18), ("FR", 27), ("GB", 22), ("GE", 22), ("GI", 23),
            ("GL", 18), ("GR", 27), ("GT", 28), ("HR", 21), ("HU", 28), ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26),
            ("IT", 27), ("JO", 30), ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20),
            ("LV", 21), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MR", 27), ("MT", 31), ("MU", 30), ("NL", 18),
            ("NO", 15), ("PK", 24), ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22), ("SA", 24),
            ("SC", 31), ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27), ("TN", 24), ("TR", 26), ("UA", 29), ("VA", 22),
            ("VG", 24), ("XK", 20),
        ]
        var out: [UInt16: Int] = [:]
        for (code, length) in table {
            let bytes = Array(code.utf8)
            out[UInt16(bytes[0]) << 8 | UInt16(bytes[1])] = length
        }
        return out
    }()
}

/// Standard base64 decoding, for checking what `Authorization: Basic …` carries.
enum Base64Text {
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for b in text {
            let v: UInt32
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(b - 65)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(b - 97 + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(b - 48 + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): v = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            buffer = buffer << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}

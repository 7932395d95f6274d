/// Field and variable names that hold secrets: `password`, `DB_PASSWORD`, `client_secret`,
/// `GITHUB_TOKEN`, `api_key`, `aws_secret_access_key`. Used for `name = value` in text and for
/// the keys of JSON objects.
public enum SecretNames {
    /// The kind a value under `name` is redacted as, if the name is a secret's.
    ///
    /// The name is compared without case and separators (`_`, `-`, `.`) by its ending, so
    /// `max_tokens`, `tokenizer`, `sort_key` and `secret_name` are not secrets' names.
    public static func kind(of name: String) -> SecretKind? {
        var name = name
        return name.withUTF8 { kind(of: $0) }
    }

    static func kind(of name: UnsafeBufferPointer<UInt8>) -> SecretKind? {
        guard name.count >= 3, name.count <= 64 else { return nil }
        // Cheap rejection first (this runs at every `=` and `:` of every text): a secret's name
        // ends in one of the endings' last letters, or holds `password` (its `w`).
        let last = name[name.count - 1] | 0x20
        guard ScanBytes.isOne(of: "detnyls", last) || name.contains(where: { $0 | 0x20 == UInt8(ascii: "w") }) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> SecretKind? in
            // Folded: lower case, separators (`_`, `-`, `.`) dropped.
            var count = 0
            for b in name where b != 0x5F && b != 0x2D && b != 0x2E {
                buffer[count] = ScanBytes.isUpper(b) ? b | 0x20 : b
                count += 1
            }
            let folded = UnsafeBufferPointer(rebasing: buffer[0..<count])
            let matched = endings.contains { ending in
                folded.count >= ending.utf8CodeUnitCount && ScanBytes.hasSuffix(folded, ending)
            } || ScanBytes.contains(folded, "password")
            guard matched else { return nil }
            return ScanBytes.contains(folded, "aws") ? .awsSecretKey : .secretAssignment
        }
    }

    private static let endings: [StaticString] = [
        "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "secretkey", "privatekey",
        "authkey", "credentials", "credential",
    ]
}

/// Whether the value of a secret-named field looks like a secret rather than code or a placeholder.
enum SecretValues {
    /// A quoted value: at least 4 bytes, not a placeholder (`""`, `***`, `<password>`, `${VAR}`, `null`).
    static func isQuotedSecret(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        value.count >= 4 && !isPlaceholder(value)
    }

    /// A bare value (`password=hunter22`, `TOKEN=abc123…`): at least 6 bytes with a digit, not
    /// only digits, not a call or a subscript (`make_token()`, `env["X"]`), not a variable
    /// (`$TOKEN`); after `:`, not a type name (`token: UInt64`).
    static func isBareSecret(_ value: UnsafeBufferPointer<UInt8>, typeAnnotationPossible: Bool) -> Bool {
        guard value.count >= 6, !isPlaceholder(value) else { return false }
        var digits = 0
        for b in value {
            if ScanBytes.isDigit(b) { digits += 1 }
            if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") { return false }
        }
        guard digits > 0, digits < value.count else { return false }
        if typeAnnotationPossible, ScanBytes.isUpper(value[0]), value.allSatisfy({ ScanBytes.isAlnum($0) || $0 == UInt8(ascii: "?") }) {
            // `UInt64`, `Int32?`: letters then digits.
            if let firstDigit = value.firstIndex(where: ScanBytes.isDigit), value[firstDigit...].allSatisfy({ ScanBytes.isDigit($0) || $0 == UInt8(ascii: "?") }) {
                return false
            }
        }
        return true
    }

    static func isPlaceholder(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = value.first else { return true }
        if first == UInt8(ascii: "$") || first == UInt8(ascii: "<") || first == UInt8(ascii: "%") { return true }
        if value.count >= 2, first == UInt8(ascii: "{"), value[1] == UInt8(ascii: "{") { return true }
        if value.allSatisfy({ $0 == first }) { return true }  // `****`, `xxxxxxxx`
        if value.starts(with: "[REDACTED".utf8) || value.starts(with: "[HASH".utf8) { return true }
        var lowered: [UInt8] = []
        for b in value.prefix(12) { lowered.append(ScanBytes.isUpper(b) ? b | 0x20 : b) }
        return placeholders.contains(lowered)
    }

    private static let placeholders: Set<[UInt8]> = Set(
        ["null", "none", "nil", "true", "false", "undefined", "changeme", "redacted", "secret", "password", "example", "string", "your_token"]
            .map { Array($0.utf8) })
}

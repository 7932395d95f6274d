/// Durations as people type them: `250ms`, `30s`, `5m`, `2h`, `1d`, or a bare number of seconds.
public enum DurationText {
    public static func parse(_ text: String) throws(SessionError) -> Duration {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var number = trimmed
        var factor: Int64 = 1000
        for (suffix, ms) in units where trimmed.hasSuffix(suffix) {
            let head = String(trimmed.dropLast(suffix.count))
            if Double(head) != nil {
                number = head
                factor = ms
                break
            }
        }
        guard let value = Double(number), value.isFinite, value > 0, value * Double(factor) < 9e15 else {
            throw SessionError(.invalidArgument, "'\(text)' is not a duration (e.g. 250ms, 30s, 5m, 2h, 1d)")
        }
        return .milliseconds(Int64((value * Double(factor)).rounded()))
    }

    /// Short text for a duration in milliseconds: `1h2m3s`, `450ms`.
    public static func format(milliseconds ms: Int64) -> String {
        if ms < 1000 { return "\(ms)ms" }
        var rest = ms / 1000
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86400)), ("h", 3600), ("m", 60)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        if rest > 0 || parts.isEmpty { parts.append("\(rest)s") }
        return parts.joined()
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: WhitespaceSet) -> String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }
}

private enum WhitespaceSet { case whitespaces }

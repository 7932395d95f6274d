/// Number formatting for alert summaries (FoundationEssentials has no `String(format:)`).
enum AlertText {
    static func percent(_ ratio: Double) -> String { number(ratio * 100) + "%" }

    static func bytes(_ value: Double) -> String {
        let gib = 1024.0 * 1024 * 1024
        if value >= gib { return number(value / gib) + " GiB" }
        return number(value / (1024 * 1024)) + " MiB"
    }

    static func seconds(_ value: Double) -> String { number(value) + "s" }

    static func duration(_ ms: Int64) -> String {
        if ms % 86_400_000 == 0 { return "\(ms / 86_400_000)d" }
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        return "\(ms / 1000)s"
    }

    /// At most one decimal, none when whole.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int64(tenths / 10)) }
        return String(Double(tenths) / 10)
    }
}

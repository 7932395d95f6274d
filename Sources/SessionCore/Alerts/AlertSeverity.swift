/// How urgent an alert is: `warning` or `critical`, as the Prometheus rules label them.
public struct AlertSeverity: Sendable, Hashable, CustomStringConvertible, Encodable {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let warning = AlertSeverity("warning")
    public static let critical = AlertSeverity("critical")

    public var description: String { rawValue }

    /// Its name, `"warning"`.
    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(rawValue)
    }
}

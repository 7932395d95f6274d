/// Whether a stored alert is still firing.
public enum AlertState: String, Sendable, Hashable, CaseIterable, Codable {
    case firing
    case resolved
}

/// What a user may agree to have recorded.
public enum ConsentCategory: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Where sessions run: the captured context (project paths, git, user, host, app configuration).
    case context
    /// What happens in them: event `data` and state deltas (prompts, tool inputs and outputs).
    case content
    /// Assistants' own telemetry (token counts, costs, timings) when it is imported.
    case telemetry

    public static func < (lhs: ConsentCategory, rhs: ConsentCategory) -> Bool { lhs.rawValue < rhs.rawValue }
}

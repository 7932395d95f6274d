/// What ``AnalyticsGroups`` groups sessions by: `project`, `user`, `application`, `window`
/// (the window's time buckets) or `feature` (similar event-type profiles).
///
/// A set that may grow: compare with the static members, parse the `by` query text with ``init(_:)``.
public struct AnalyticsGrouping: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String, CaseIterable {
        case project, user, application, window, feature
    }

    private let base: Base

    private init(_ base: Base) { self.base = base }

    /// By ``AnalyticsSession/projectKey``; `(none)` without one.
    public static let project = AnalyticsGrouping(.project)
    /// By ``AnalyticsSession/userID``; `(none)` without one.
    public static let user = AnalyticsGrouping(.user)
    /// By ``AnalyticsSession/application``.
    public static let application = AnalyticsGrouping(.application)
    /// By the window bucket the session started in (key: the bucket start in RFC 3339 UTC), in time order;
    /// sessions started before the window are under `(earlier)`.
    public static let window = AnalyticsGrouping(.window)
    /// By event-type profile: sessions whose profiles are alike (cosine similarity ≥ 0.8) share a group;
    /// sessions without client events are under `(no events)`. See ``FeatureProfile``.
    public static let feature = AnalyticsGrouping(.feature)

    /// Every grouping.
    public static let all: [AnalyticsGrouping] = Base.allCases.map(AnalyticsGrouping.init)

    /// Parses the `by` query text: `project`, `user`, `application`, `window` or `feature`.
    ///
    /// - Throws: ``SessionError`` with code ``SessionError/Code/invalidArgument`` for anything else.
    public init(_ text: String) throws(SessionError) {
        guard let base = Base(rawValue: text) else {
            throw SessionError(.invalidArgument, "'\(text)' is not a grouping: use project, user, application, window or feature")
        }
        self.base = base
    }

    /// The query text, such as `project`.
    public var name: String { base.rawValue }

    public var description: String { name }
}

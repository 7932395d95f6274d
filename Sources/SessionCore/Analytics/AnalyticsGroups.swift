/// Sessions of a window in groups: by project, user, application, time bucket or feature profile,
/// with each group's counts, durations, outcome rates and usage.
///
/// Only sessions that touch the window count. Groups come most sessions first, then by key, at
/// most `limit` of them; the sessions of the groups left out are counted in ``otherSessions``.
/// ``AnalyticsGrouping/window`` groups are the window's buckets instead, in time order, empty ones
/// included; past `limit` the latest are kept.
public struct AnalyticsGroups: Sendable, Hashable {
    public var grouping: AnalyticsGrouping
    public var window: AnalyticsWindow
    /// The end of the window, the time the groups were computed for.
    public var now: Timestamp
    public var groups: [AnalyticsGroup]
    /// Sessions in groups beyond the limit.
    public var otherSessions: Int64
    /// How many sessions the caller passed in.
    public var sample: Int
    /// Whether the caller capped the sessions it loaded.
    public var truncated: Bool

    /// The number of groups kept when the caller names none.
    public static let defaultLimit = 50

    /// The key of the ``AnalyticsGrouping/window`` group of sessions started before the window.
    public static let earlierKey = "(earlier)"

    /// Groups `sessions` that touch `window` at `now` by `grouping`.
    ///
    /// - Parameters:
    ///   - sessions: The sessions to group; those outside the window are ignored.
    ///   - grouping: What to group by.
    ///   - window: The window, made concrete with `now`.
    ///   - now: The end of the window.
    ///   - limit: The most groups to return (negative counts as 0).
    ///   - truncated: Reported as is: whether `sessions` was capped by the caller.
    public static func compute(
        sessions: [AnalyticsSession],
        by grouping: AnalyticsGrouping,
        window: AnalyticsWindow,
        now: Timestamp,
        limit: Int = defaultLimit,
        truncated: Bool = false
    ) -> AnalyticsGroups {
        let range = AnalyticsRange(window, now: now)
        let inWindow = sessions.filter(range.touches)
        var groups: [AnalyticsGroup]
        switch grouping {
        case .window:
            groups = windowGroups(inWindow, range)
        case .feature:
            groups = FeatureClustering.clusters(inWindow).map { cluster in
                let label = cluster.key == FeatureClustering.noEventsKey ? "No events" : cluster.types.prefix(3).map(\.type).joined(separator: ", ")
                return AnalyticsGroup(key: cluster.key, label: label, members: cluster.sessions, range: range, types: cluster.types)
            }
        default:
            let keyOf: (AnalyticsSession) -> String?
            let noneLabel: String
            switch grouping {
            case .project: (keyOf, noneLabel) = ({ $0.projectKey }, "No project")
            case .user: (keyOf, noneLabel) = ({ $0.userID }, "No user")
            default: (keyOf, noneLabel) = ({ $0.application }, "No application")
            }
            let members = Dictionary(grouping: inWindow) { keyOf($0) ?? AnalyticsCount.noneKey }
            groups = members.map { key, members in
                AnalyticsGroup(key: key, label: key == AnalyticsCount.noneKey ? noneLabel : key, members: members, range: range)
            }
        }
        if grouping != .window {
            groups.sort { $0.sessions != $1.sessions ? $0.sessions > $1.sessions : JSONWriter.utf8Less($0.key, $1.key) }
        }
        let keep = min(groups.count, max(0, limit))
        let kept = grouping == .window ? Array(groups.suffix(keep)) : Array(groups.prefix(keep))
        let other = groups.reduce(0) { $0 + $1.sessions } - kept.reduce(0) { $0 + $1.sessions }
        return AnalyticsGroups(
            grouping: grouping,
            window: window,
            now: now,
            groups: kept,
            otherSessions: other,
            sample: sessions.count,
            truncated: truncated
        )
    }

    /// One group per bucket by start time, `(earlier)` first when some sessions started before the window.
    private static func windowGroups(_ sessions: [AnalyticsSession], _ range: AnalyticsRange) -> [AnalyticsGroup] {
        var buckets = Array(repeating: [AnalyticsSession](), count: range.bucketCount)
        var earlier: [AnalyticsSession] = []
        for session in sessions {
            if let index = range.bucketIndex(of: session.createdAt) {
                buckets[index].append(session)
            } else {
                earlier.append(session)
            }
        }
        let daily = range.bucketMs % AnalyticsWindow.dayMs == 0
        var groups = buckets.enumerated().map { index, members in
            let start = range.bucketStart(index).iso8601
            let label = daily ? String(start.prefix(10)) : "\(start.prefix(10)) \(start.dropFirst(11).prefix(5))"
            return AnalyticsGroup(key: start, label: label, members: members, range: range)
        }
        if !earlier.isEmpty {
            groups.insert(AnalyticsGroup(key: earlierKey, label: "Before the window", members: earlier, range: range), at: 0)
        }
        return groups
    }

    /// `{"by", "window": {"name", "from", "until", "bucket_ms"}, "groups": [...], "other_sessions", "sample", "truncated"}`;
    /// see ``AnalyticsGroup/json`` for a group.
    public var json: JSONValue {
        [
            "by": .string(grouping.name),
            "window": window.json(now: now),
            "groups": .array(groups.map(\.json)),
            "other_sessions": .int(otherSessions),
            "sample": .int(Int64(sample)),
            "truncated": .bool(truncated),
        ]
    }
}

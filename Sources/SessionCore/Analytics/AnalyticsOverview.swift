/// The dashboard's overview of a window: what runs now, who and what ran, how it ended, over time.
///
/// Computed from the sessions that touch the window (alive at some point between its `from` and
/// `now`); sessions outside it are ignored except in ``sample``. Pure: `now` comes in as an argument.
///
/// ```swift
/// let overview = AnalyticsOverview.compute(sessions: slices, window: try AnalyticsWindow("24h"), now: now)
/// print(overview.json)
/// ```
public struct AnalyticsOverview: Sendable, Hashable {
    public var window: AnalyticsWindow
    /// The end of the window, the time the overview was computed for.
    public var now: Timestamp
    /// Sessions in a live status (``SessionStatus/isLive``).
    public var activeNow: Int64
    /// Sessions per status; every status is present.
    public var byStatus: [SessionStatus: Int64]
    /// Sessions per application.
    public var byApplication: [String: Int64]
    /// The ``topUsers`` users with the most sessions (most first, then by id); `(none)` for sessions without a user.
    public var byUser: [AnalyticsCount]
    /// Sessions of the users not in ``byUser``.
    public var otherUsers: Int64
    /// Sessions ended in the window, per outcome; every outcome is present.
    public var outcomes: [SessionOutcome: Int64]
    /// Of the sessions ended in the window, the share whose outcome is not `ok`; 0 when none ended.
    public var errorRate: Double
    /// One bucket per ``AnalyticsWindow/bucketStarts(now:)``.
    public var timeline: [AnalyticsTimelineBucket]
    /// Durations of the sessions ended in the window.
    public var durations: AnalyticsDurations
    /// Sessions started in the window by UTC weekday (rows, 0 = Monday … 6 = Sunday) and UTC hour (columns, 0…23).
    public var heatmap: [[Int64]]
    /// How many sessions the caller passed in.
    public var sample: Int
    /// Whether the caller capped the sessions it loaded (the figures then cover only those).
    public var truncated: Bool

    /// How many users ``byUser`` lists.
    public static let topUsers = 20

    /// The overview of `window` at `now` over `sessions`.
    ///
    /// - Parameters:
    ///   - sessions: The sessions to count, typically those that touch the window.
    ///   - window: The window, made concrete with `now`.
    ///   - now: The end of the window.
    ///   - truncated: Reported as is: whether `sessions` was capped by the caller.
    public static func compute(
        sessions: [AnalyticsSession],
        window: AnalyticsWindow,
        now: Timestamp,
        truncated: Bool = false
    ) -> AnalyticsOverview {
        let range = AnalyticsRange(window, now: now)
        var overview = AnalyticsOverview(window: window, now: now, bucketStarts: (0..<range.bucketCount).map(range.bucketStart))
        overview.sample = sessions.count
        overview.truncated = truncated
        var users: [String: Int64] = [:]
        var durations: [Int64] = []
        var ended: Int64 = 0
        var notOK: Int64 = 0
        for session in sessions where range.touches(session) {
            if session.status.isLive { overview.activeNow += 1 }
            overview.byStatus[session.status, default: 0] += 1
            overview.byApplication[session.application, default: 0] += 1
            users[session.userID ?? AnalyticsCount.noneKey, default: 0] += 1
            overview.countTimeline(session, range)
            if let start = range.bucketIndex(of: session.createdAt) {
                overview.timeline[start].started += 1
                let (weekday, hour) = Self.weekdayAndHour(session.createdAt)
                overview.heatmap[weekday][hour] += 1
            }
            if let endedAt = session.endedAt, let end = range.bucketIndex(of: endedAt) {
                ended += 1
                if session.outcome != .ok { notOK += 1 }
                if let outcome = session.outcome { overview.outcomes[outcome, default: 0] += 1 }
                overview.timeline[end].ended += 1
                if session.outcome == .errored || session.outcome == .crashed { overview.timeline[end].failed += 1 }
                durations.append(endedAt.milliseconds(since: session.createdAt))
            }
        }
        (overview.byUser, overview.otherUsers) = AnalyticsCount.top(users, limit: topUsers)
        overview.errorRate = ended == 0 ? 0 : Double(notOK) / Double(ended)
        overview.durations = AnalyticsDurations(durationsMs: durations)
        return overview
    }

    private init(window: AnalyticsWindow, now: Timestamp, bucketStarts: [Timestamp]) {
        self.window = window
        self.now = now
        activeNow = 0
        byStatus = Dictionary(uniqueKeysWithValues: SessionStatus.allCases.map { ($0, 0) })
        byApplication = [:]
        byUser = []
        otherUsers = 0
        outcomes = Dictionary(uniqueKeysWithValues: SessionOutcome.allCases.map { ($0, 0) })
        errorRate = 0
        timeline = bucketStarts.map { AnalyticsTimelineBucket(time: $0) }
        durations = AnalyticsDurations(durationsMs: [])
        heatmap = Array(repeating: Array(repeating: 0, count: 24), count: 7)
        sample = 0
        truncated = false
    }

    /// Adds `session` to `active` of every bucket it was alive in.
    private mutating func countTimeline(_ session: AnalyticsSession, _ range: AnalyticsRange) {
        let first = session.createdAt < range.from ? 0 : Int(session.createdAt.milliseconds(since: range.from) / range.bucketMs)
        var last = range.bucketCount - 1
        if let endedAt = session.endedAt {
            guard endedAt >= range.from else { return }
            last = min(last, Int(endedAt.milliseconds(since: range.from) / range.bucketMs))
        }
        guard first <= last else { return }
        for index in first...last { timeline[index].active += 1 }
    }

    /// The UTC weekday (0 = Monday) and hour of `time`.
    static func weekdayAndHour(_ time: Timestamp) -> (weekday: Int, hour: Int) {
        let dayMs = AnalyticsWindow.dayMs
        let ms = time.milliseconds
        let days = ms >= 0 ? ms / dayMs : (ms - dayMs + 1) / dayMs
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        let weekday = Int(((days + 3) % 7 + 7) % 7)
        return (weekday, Int((ms - days * dayMs) / AnalyticsWindow.hourMs))
    }

    /// The overview as the API shows it, keys in snake_case:
    /// `{"window", "active_now", "by_status", "by_application", "by_user": {"top": [{"key", "sessions"}], "other"},
    /// "outcomes", "error_rate", "timeline", "durations", "heatmap", "sample", "truncated"}`.
    public var json: JSONValue {
        [
            "window": window.json(now: now),
            "active_now": .int(activeNow),
            "by_status": .object(Dictionary(uniqueKeysWithValues: byStatus.map { ($0.key.rawValue, JSONValue.int($0.value)) })),
            "by_application": .object(byApplication.mapValues(JSONValue.int)),
            "by_user": ["top": .array(byUser.map(\.json)), "other": .int(otherUsers)],
            "outcomes": .object(Dictionary(uniqueKeysWithValues: outcomes.map { ($0.key.rawValue, JSONValue.int($0.value)) })),
            "error_rate": .double(errorRate),
            "timeline": .array(timeline.map(\.json)),
            "durations": durations.json,
            "heatmap": .array(heatmap.map { .array($0.map(JSONValue.int)) }),
            "sample": .int(Int64(sample)),
            "truncated": .bool(truncated),
        ]
    }
}

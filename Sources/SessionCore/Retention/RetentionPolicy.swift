/// The `retention` section of a policy file: how long an ended session keeps its events in the
/// hot tables before the retention run archives it (moves its events to deep storage; the
/// session's metadata, metrics and final snapshot stay queryable).
///
/// ```json
/// {"completed": "30d", "failed": "90d", "expired": "30d", "terminated": "30d",
///  "trash_grace": "7d", "archive_dir": "archive", "interval": "1h",
///  "applications": {"ci": {"completed": "7d"}}, "labels": {"team=legal": {"completed": "365d"}}}
/// ```
///
/// A status without a period is kept hot forever. A session with a matching label takes that
/// label's periods (the first matching label in sorted order), else its application's, else the
/// base ones; an override names only the statuses it changes.
public struct RetentionPolicy: Sendable, Hashable {
    /// Periods per final status.
    public struct Periods: Sendable, Hashable {
        public var byStatus: [SessionStatus: Duration]

        public init(_ byStatus: [SessionStatus: Duration] = [:]) {
            self.byStatus = byStatus
        }

        /// The statuses a period may be given for.
        public static let statuses: [SessionStatus] = [.completed, .failed, .expired, .terminated]
    }

    /// Keys `completed`, `failed`, `expired`, `terminated`.
    public var periods = Periods()
    /// Key `applications`: periods by application name, over the base ones.
    public var applications: [String: Periods] = [:]
    /// Key `labels`: periods by `key=value` label, over the application's.
    public var labels: [String: Periods] = [:]
    /// Key `trash_grace`, default 7 days: how long an erased user's data waits in the trash.
    public var trashGrace: Duration = .seconds(7 * 86_400)
    /// Key `archive_dir`, default `archive`: where archived events go, relative to the policy file.
    public var archiveDirectory = "archive"
    /// Key `interval`, default 1 hour: how often `sessiond serve` runs retention.
    public var interval: Duration = .seconds(3_600)

    public init(periods: Periods = Periods(), applications: [String: Periods] = [:], labels: [String: Periods] = [:]) {
        self.periods = periods
        self.applications = applications
        self.labels = labels
    }

    /// Whether any status has a period anywhere: otherwise retention never archives.
    public var archivesAnything: Bool {
        !periods.byStatus.isEmpty || applications.values.contains { !$0.byStatus.isEmpty } || labels.values.contains { !$0.byStatus.isEmpty }
    }

    /// How long a session of `status`, `application` and `labels` stays hot after it ended; `nil` is forever.
    public func period(status: SessionStatus, application: String, labels sessionLabels: [String: String]) -> Duration? {
        for key in labels.keys.sorted() {
            guard let period = labels[key]?.byStatus[status], let eq = key.firstIndex(of: "=") else { continue }
            if sessionLabels[String(key[..<eq])] == String(key[key.index(after: eq)...]) { return period }
        }
        if let period = applications[application]?.byStatus[status] { return period }
        return periods.byStatus[status]
    }

    /// When `session` is due for archiving, or `nil` if never (live, archived, or no period).
    public func archiveTime(of session: Session) -> Timestamp? {
        guard let endedAt = session.endedAt, session.status.hasEnded, session.status != .archived,
            let period = period(status: session.status, application: session.application, labels: session.labels)
        else { return nil }
        return Timestamp(milliseconds: endedAt.milliseconds + period.milliseconds)
    }

    /// Whether `session` is due at `now`.
    public func isDue(_ session: Session, now: Timestamp) -> Bool {
        archiveTime(of: session).map { $0 <= now } ?? false
    }

    /// The shortest period of `status` anywhere in the policy: sessions that ended before
    /// `now` minus it are the only candidates.
    public func shortestPeriod(_ status: SessionStatus) -> Duration? {
        ([periods] + Array(applications.values) + Array(labels.values)).compactMap { $0.byStatus[status] }.min()
    }
}

extension RetentionPolicy {
    /// Reads the section; durations take `s`, `m`, `h`, `d`; errors name the field.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "retention")
        try o.allow(Set(Periods.statuses.map(\.rawValue) + ["applications", "labels", "trash_grace", "archive_dir", "interval"]))
        self.init(periods: try Periods(o, at: "retention"))
        for (section, target) in [("applications", \RetentionPolicy.applications), ("labels", \RetentionPolicy.labels)] {
            for (name, value) in try o.object(section) ?? [:] {
                let fields = try JSONFields(value, what: "retention.\(section).\(name)")
                try fields.allow(Set(Periods.statuses.map(\.rawValue)))
                if section == "labels", !name.contains("=") {
                    throw SessionError(.invalidArgument, "retention.labels.\(name): a label is key=value")
                }
                self[keyPath: target][name] = try Periods(fields, at: "retention.\(section).\(name)")
            }
        }
        if let text = try o.string("trash_grace") { trashGrace = try Self.duration(text, "retention.trash_grace") }
        if let text = try o.string("interval") { interval = try Self.duration(text, "retention.interval") }
        if let dir = try o.string("archive_dir") {
            guard !dir.isEmpty else { throw SessionError(.invalidArgument, "retention.archive_dir: must not be empty") }
            archiveDirectory = dir
        }
    }

    static func duration(_ text: String, _ field: String) throws(SessionError) -> Duration {
        do {
            return try DurationText.parse(text)
        } catch {
            throw SessionError(.invalidArgument, "\(field): \(error.message)")
        }
    }
}

extension RetentionPolicy.Periods {
    init(_ o: JSONFields, at path: String) throws(SessionError) {
        self.init()
        for status in Self.statuses {
            if let text = try o.string(status.rawValue) { byStatus[status] = try RetentionPolicy.duration(text, "\(path).\(status.rawValue)") }
        }
    }
}

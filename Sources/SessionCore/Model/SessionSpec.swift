/// What a caller gives to create a session.
public struct SessionSpec: Sendable, Hashable {
    public var application: String?
    public var userID: String?
    public var externalID: String?
    public var projectKey: String?
    /// The context captured at start (or given by the caller).
    public var context: JSONValue
    public var labels: [String: String]
    public var metadata: JSONValue
    public var policy: SessionPolicy
    /// Start at once (`active`); otherwise the session stays `initializing` until started or used.
    public var start: Bool
    /// The session's initial state, a JSON object: the state delta of its `session.created`
    /// event, so the state at seq 1 is this. Default none (an empty state).
    public var state: JSONValue?

    public init(
        application: String? = nil, userID: String? = nil, externalID: String? = nil, projectKey: String? = nil,
        context: JSONValue = .emptyObject, labels: [String: String] = [:], metadata: JSONValue = .emptyObject,
        policy: SessionPolicy = SessionPolicy(), start: Bool = true, state: JSONValue? = nil
    ) {
        self.application = application
        self.userID = userID
        self.externalID = externalID
        self.projectKey = projectKey
        self.context = context
        self.labels = labels
        self.metadata = metadata
        self.policy = policy
        self.start = start
        self.state = state
    }

    /// Most labels a session may carry.
    public static let maxLabels = 64
    /// Longest label key or value, application, user or external id.
    public static let maxFieldLength = 256

    /// Checks sizes and shapes.
    public func validate(limits: EventLimits = .default) throws(SessionError) {
        for (name, value) in [("application", application), ("user_id", userID), ("external_id", externalID), ("project_key", projectKey)] {
            if let value, value.isEmpty || value.utf8.count > Self.maxFieldLength {
                throw SessionError(.invalidArgument, "\(name) must be 1 to \(Self.maxFieldLength) bytes")
            }
        }
        if labels.count > Self.maxLabels { throw SessionError(.invalidArgument, "at most \(Self.maxLabels) labels") }
        for (key, value) in labels where key.isEmpty || key.utf8.count > Self.maxFieldLength || value.utf8.count > Self.maxFieldLength {
            throw SessionError(.invalidArgument, "label keys must be 1 to \(Self.maxFieldLength) bytes, values at most \(Self.maxFieldLength)")
        }
        guard context.isObject else { throw SessionError(.invalidArgument, "context must be a JSON object") }
        if let state, !state.isObject { throw SessionError(.invalidStateDelta, "state must be a JSON object") }
        for (name, value) in [("context", context), ("metadata", metadata), ("state", state ?? .emptyObject)] {
            if value.depth > limits.maxDepth { throw SessionError(.jsonTooDeep, "\(name) nests deeper than \(limits.maxDepth) levels") }
            if JSONWriter.bytes(value).count > limits.maxDataBytes {
                throw SessionError(.payloadTooLarge, "\(name) is larger than \(limits.maxDataBytes) bytes")
            }
        }
        _ = try policy.validated()
    }
}

extension JSONValue {
    /// `self` with `overlay`'s keys on top, objects merged key by key.
    public func merging(_ overlay: JSONValue) -> JSONValue {
        guard case .object(var base) = self, case .object(let top) = overlay else { return overlay }
        for (key, value) in top {
            base[key] = base[key].map { $0.merging(value) } ?? value
        }
        return .object(base)
    }
}

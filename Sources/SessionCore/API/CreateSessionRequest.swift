#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The body of `POST /v1/sessions`:
/// `{application, user_id, parent_id, external_id, project_key, labels, metadata, context, policy, start}`.
public struct CreateSessionRequest: Sendable, Hashable {
    public var spec: SessionSpec
    public var parentID: UUID?

    public init(spec: SessionSpec, parentID: UUID? = nil) {
        self.spec = spec
        self.parentID = parentID
    }

    /// Reads the body; unknown keys and wrong types are `invalid_argument`.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a session")
        try o.allow(["application", "user_id", "parent_id", "external_id", "project_key", "labels", "metadata", "context", "policy", "start"])
        var spec = SessionSpec(
            application: try o.string("application"), userID: try o.string("user_id"), externalID: try o.string("external_id"),
            projectKey: try o.string("project_key"))
        if let labels = try o.object("labels") {
            var map: [String: String] = [:]
            for (key, value) in labels {
                guard let text = value.stringValue else { throw SessionError(.invalidArgument, "label values must be strings") }
                map[key] = text
            }
            spec.labels = map
        }
        if let metadata = o["metadata"] { spec.metadata = metadata }
        if let context = try o.object("context") { spec.context = .object(context) }
        if let policy = o["policy"] { spec.policy = try SessionPolicy(json: policy) }
        if let start = try o.bool("start") { spec.start = start }
        self.spec = spec
        self.parentID = try o.uuid("parent_id")
    }
}

/// The body of `POST /v1/sessions/{id}/events`: one event, or `{events: [...], expected_seq}`.
public struct AppendRequest: Sendable, Hashable {
    public var events: [NewEvent]
    public var expectedSeq: Int64?

    public init(events: [NewEvent], expectedSeq: Int64? = nil) {
        self.events = events
        self.expectedSeq = expectedSeq
    }

    /// Reads the body, checking the batch size before the events.
    ///
    /// - Parameters:
    ///   - idempotencyKey: the `Idempotency-Key` header: the key of a single event, or, for the
    ///     events of a batch without their own, `KEY:INDEX`.
    public init(json: JSONValue, idempotencyKey: String? = nil, limits: EventLimits = .default) throws(SessionError) {
        let o = try JSONFields(json, what: "an append")
        if let list = o["events"] {
            try o.allow(["events", "expected_seq"])
            guard case .array(let items) = list else { throw SessionError(.invalidArgument, "events must be an array") }
            try limits.validateBatch(count: items.count)
            var events: [NewEvent] = []
            events.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                var event: NewEvent
                do { event = try NewEvent(json: item) } catch { throw SessionError(error.code, "event \(index): \(error.message)") }
                if event.idempotencyKey == nil, let idempotencyKey { event.idempotencyKey = "\(idempotencyKey):\(index)" }
                events.append(event)
            }
            self.events = events
            self.expectedSeq = try o.int("expected_seq")
        } else {
            var event = try NewEvent(json: .object(o.fields.filter { $0.key != "expected_seq" }))
            if event.idempotencyKey == nil { event.idempotencyKey = idempotencyKey }
            self.events = [event]
            self.expectedSeq = try o.int("expected_seq")
        }
    }
}

/// Typed access to a JSON object's fields with precise errors.
package struct JSONFields {
    package let fields: [String: JSONValue]

    package init(_ json: JSONValue, what: String) throws(SessionError) {
        guard case .object(let o) = json else { throw SessionError(.invalidArgument, "\(what) must be a JSON object") }
        fields = o
    }

    package subscript(key: String) -> JSONValue? {
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    package func allow(_ keys: Set<String>) throws(SessionError) {
        if let unknown = fields.keys.sorted().first(where: { !keys.contains($0) }) {
            throw SessionError(.invalidArgument, "unknown field \(unknown)")
        }
    }

    package func string(_ key: String) throws(SessionError) -> String? {
        guard let value = self[key] else { return nil }
        guard let s = value.stringValue else { throw SessionError(.invalidArgument, "\(key) must be a string") }
        return s
    }

    package func int(_ key: String) throws(SessionError) -> Int64? {
        guard let value = self[key] else { return nil }
        guard case .int(let i) = value else { throw SessionError(.invalidArgument, "\(key) must be an integer") }
        return i
    }

    package func bool(_ key: String) throws(SessionError) -> Bool? {
        guard let value = self[key] else { return nil }
        guard case .bool(let b) = value else { throw SessionError(.invalidArgument, "\(key) must be true or false") }
        return b
    }

    package func object(_ key: String) throws(SessionError) -> [String: JSONValue]? {
        guard let value = self[key] else { return nil }
        guard case .object(let o) = value else { throw SessionError(.invalidArgument, "\(key) must be an object") }
        return o
    }

    /// An optional array, each element read by `read`; `[]` when absent.
    package func arrayIfPresent<T>(_ key: String, _ read: (JSONValue) throws(SessionError) -> T) throws(SessionError) -> [T] {
        guard self[key] != nil else { return [] }
        return try array(key, read)
    }

    /// A required array, each element read by `read`.
    package func array<T>(_ key: String, _ read: (JSONValue) throws(SessionError) -> T) throws(SessionError) -> [T] {
        guard let value = self[key] else { throw SessionError(.invalidArgument, "\(key) is missing") }
        guard case .array(let items) = value else { throw SessionError(.invalidArgument, "\(key) must be an array") }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try read(item)) }
        return out
    }

    package func uuid(_ key: String) throws(SessionError) -> UUID? {
        guard let text = try string(key) else { return nil }
        guard let id = UUID(text: text) else { throw SessionError(.invalidArgument, "\(key) is not a session id") }
        return id
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The body of `POST /v1/sessions`:
/// `{application, user_id, parent_id, external_id, project_key, labels, metadata, context, policy, start, state}`.
public struct CreateSessionRequest: Sendable, Hashable {
    public var spec: SessionSpec
    public var parentID: UUID?

    public init(spec: SessionSpec, parentID: UUID? = nil) {
        self.spec = spec
        self.parentID = parentID
    }
}

extension CreateSessionRequest: JSONCodable {
    enum CodingKeys: String, CodingKey {
        case application, labels, metadata, context, policy, start, state
        case userID = "user_id"
        case parentID = "parent_id"
        case externalID = "external_id"
        case projectKey = "project_key"
    }

    /// Reads the body; unknown keys and wrong types are `invalid_argument`, and absent fields
    /// keep ``SessionSpec``'s defaults.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var spec = SessionSpec(
            application: try c.decodeIfPresent(String.self, forKey: .application), userID: try c.decodeIfPresent(String.self, forKey: .userID),
            externalID: try c.decodeIfPresent(String.self, forKey: .externalID),
            projectKey: try c.decodeIfPresent(String.self, forKey: .projectKey))
        if let labels = try c.decodeIfPresent([String: String].self, forKey: .labels) { spec.labels = labels }
        if let metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata) { spec.metadata = metadata }
        if let context = try c.decodeIfPresent([String: JSONValue].self, forKey: .context) { spec.context = .object(context) }
        if let policy = try c.decodeIfPresent(JSONValue.self, forKey: .policy) { spec.policy = try SessionPolicy(json: policy) }
        if let start = try c.decodeIfPresent(Bool.self, forKey: .start) { spec.start = start }
        spec.state = try c.decodeIfPresent(JSONValue.self, forKey: .state).flatMap { $0 == .null ? nil : $0 }
        self.init(spec: spec, parentID: try c.decodeIfPresent(UUID.self, forKey: .parentID))
    }

    /// Writes the body as clients send it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(spec.application, forKey: .application)
        try c.encodeIfPresent(spec.userID, forKey: .userID)
        try c.encodeIfPresent(spec.externalID, forKey: .externalID)
        try c.encodeIfPresent(spec.projectKey, forKey: .projectKey)
        try c.encodeIfPresent(parentID, forKey: .parentID)
        try c.encode(spec.labels, forKey: .labels)
        try c.encode(spec.metadata, forKey: .metadata)
        try c.encode(spec.context, forKey: .context)
        try c.encode(spec.policy.json, forKey: .policy)
        try c.encode(spec.start, forKey: .start)
        try c.encodeIfPresent(spec.state, forKey: .state)
    }
}

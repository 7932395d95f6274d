/// The body of `PUT /v1/users/{user}/consent`: `{"categories": ["context", "content", "telemetry"], "policy_version": …}`.
public struct ConsentRequest: Sendable, Hashable {
    public var categories: Set<ConsentCategory>
    public var policyVersion: String?

    public init(categories: Set<ConsentCategory>, policyVersion: String? = nil) {
        self.categories = categories
        self.policyVersion = policyVersion
    }
}

extension ConsentRequest: JSONCodable {
    enum CodingKeys: String, CodingKey {
        case categories
        case policyVersion = "policy_version"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            categories: Set(try c.decode([ConsentCategory].self, forKey: .categories)),
            policyVersion: try c.decodeIfPresent(String.self, forKey: .policyVersion))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(categories.sorted(), forKey: .categories)
        try c.encodeIfPresent(policyVersion, forKey: .policyVersion)
    }
}

/// A user's consent: which categories, under which policy version, set when and by whom.
public struct ConsentRecord: Sendable, Hashable, JSONCodable {
    public var userID: String
    /// The categories agreed to, sorted.
    public var categories: [ConsentCategory]
    /// The version of the privacy notice the user agreed to, as the deployment names it.
    public var policyVersion: String?
    public var updatedAt: Timestamp
    /// The audit log's actor who set it.
    public var updatedBy: String

    public init(userID: String, categories: Set<ConsentCategory>, policyVersion: String? = nil, updatedAt: Timestamp, updatedBy: String) {
        self.userID = userID
        self.categories = categories.sorted()
        self.policyVersion = policyVersion
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    enum CodingKeys: String, CodingKey {
        case categories
        case userID = "user_id"
        case policyVersion = "policy_version"
        case updatedAt = "updated_at"
        case updatedBy = "updated_by"
    }
}

extension ConsentRecord {
    /// The categories of their stored form (`content,context`); unknown names are skipped.
    public static func categories(from text: String) -> Set<ConsentCategory> {
        Set(text.split(separator: ",").compactMap { ConsentCategory(rawValue: String($0)) })
    }
}

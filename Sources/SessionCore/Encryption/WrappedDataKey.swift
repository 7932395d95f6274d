/// A user's data key as a keyring keeps it: sealed by the master key (see ``MasterKey/wrap(_:id:user:nonce:)``).
public struct WrappedDataKey: Sendable, Hashable {
    /// Random, unique; named in every payload sealed under the key.
    public var id: String
    /// The user whose payloads it seals; the empty string for sessions without a user.
    public var user: String
    public var wrapped: [UInt8]
    public var createdAt: Timestamp

    public init(id: String, user: String, wrapped: [UInt8], createdAt: Timestamp) {
        self.id = id
        self.user = user
        self.wrapped = wrapped
        self.createdAt = createdAt
    }
}

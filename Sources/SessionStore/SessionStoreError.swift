/// A failure of the storage itself (not of the caller's input, which is a `SessionError`).
public struct SessionStoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unavailable, corrupted, migrationFailed = "migration_failed"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The database cannot be reached or refused the operation.
        public static let unavailable = Code(.unavailable)
        /// Stored data could not be read back.
        public static let corrupted = Code(.corrupted)
        /// A schema migration failed.
        public static let migrationFailed = Code(.migrationFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// Safe to show: never a payload, token or SQL argument.
    public var message: String
    /// The driver's error, kept out of ``description``.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "\(code): \(message)" }
}

/// An error of ``SessionClient``: the server's problem answer, or a failure to reach it.
///
/// Compare by ``code``: for an answer it is the server's problem `code` (`session_not_found`,
/// `invalid_transition`, `store_unavailable`…); when the server could not be reached it is
/// ``Code/unreachable``. ``message`` is safe to show; the transport error is kept in ``underlying``.
public struct SessionClientError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No answer: connection refused or reset, or a timeout, after every retry.
        public static let unreachable = Code("server_unreachable")
        /// An answer that is not the JSON the API documents.
        public static let invalidResponse = Code("invalid_response")
        /// `session_not_found` (404).
        public static let sessionNotFound = Code("session_not_found")
        /// `invalid_transition` (409).
        public static let invalidTransition = Code("invalid_transition")
        /// `sequence_conflict` (409): `expected_seq` was stale.
        public static let sequenceConflict = Code("sequence_conflict")
        /// `invalid_argument` (400).
        public static let invalidArgument = Code("invalid_argument")
    }

    public var code: Code
    /// The HTTP status of the answer; `nil` when there was none.
    public var status: Int?
    /// The server's `detail`, or what went wrong on the way.
    public var message: String
    /// The transport error, if any; not part of ``description``.
    public var underlying: (any Error)?

    public init(code: Code, status: Int?, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.underlying = underlying
    }

    /// Worth another try later: the server was unreachable or answered 503.
    public var isRetryable: Bool { status == nil && code == .unreachable || status == 503 }

    public var description: String {
        "\(code): \(message)" + (status.map { " (HTTP \($0))" } ?? "")
    }
}

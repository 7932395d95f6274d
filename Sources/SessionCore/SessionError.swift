/// An error of the session domain: bad input, an illegal move, a conflict.
///
/// Compare by ``code``; ``message`` is safe to show to the caller (it never contains a payload).
public struct SessionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable error code such as `invalid_transition`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Malformed JSON.
        public static let invalidJSON = Code("invalid_json")
        /// Bytes that are not UTF-8.
        public static let invalidUTF8 = Code("invalid_utf8")
        /// JSON nested deeper than the limit.
        public static let jsonTooDeep = Code("json_too_deep")
        /// An event's data, a string or a document larger than its limit.
        public static let payloadTooLarge = Code("payload_too_large")
        /// More events in one append than the limit.
        public static let batchTooLarge = Code("batch_too_large")
        /// A field with a wrong type, format or range.
        public static let invalidArgument = Code("invalid_argument")
        /// A state delta that is not a JSON object.
        public static let invalidStateDelta = Code("invalid_state_delta")
        /// An event type of the reserved `session.*` namespace, or malformed.
        public static let invalidEventType = Code("invalid_event_type")
        /// No such session.
        public static let sessionNotFound = Code("session_not_found")
        /// A lifecycle move the state machine does not allow.
        public static let invalidTransition = Code("invalid_transition")
        /// The session has ended; it takes no more events.
        public static let sessionEnded = Code("session_ended")
        /// `expected_seq` was not the session's last sequence number.
        public static let sequenceConflict = Code("sequence_conflict")
        /// An idempotency key already used for a different event.
        public static let idempotencyKeyReused = Code("idempotency_key_reused")
        /// Another session of the application already has this external id.
        public static let duplicateExternalID = Code("duplicate_external_id")
        /// A child would be deeper than the hierarchy allows.
        public static let depthExceeded = Code("depth_exceeded")
        /// The parent session has ended and takes no children.
        public static let parentEnded = Code("parent_ended")
        /// `undo` with no command left to undo.
        public static let nothingToUndo = Code("nothing_to_undo")
        /// `redo` with no undone command to redo.
        public static let nothingToRedo = Code("nothing_to_redo")
        /// `recover` on a session whose client went silent past its limits: it is now failed.
        public static let sessionStale = Code("session_stale")
        /// Retention or erasure of data a legal hold covers.
        public static let legalHold = Code("legal_hold")
        /// An OTLP export request that is not valid protobuf or JSON of the OTLP schema.
        public static let invalidOTLP = Code("invalid_otlp")
        /// A `Content-Encoding: gzip` body that does not inflate.
        public static let invalidGzip = Code("invalid_gzip")
        /// `archive restore` of a session whose events are not in the archive.
        public static let notArchived = Code("not_archived")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

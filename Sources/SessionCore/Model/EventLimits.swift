/// Limits on what one append may carry, checked before anything is written.
public struct EventLimits: Sendable, Hashable {
    /// Largest `data` (or `state_delta`) of one event, as compact JSON. Default 1 MiB.
    public var maxDataBytes: Int = 1 << 20
    /// Most events in one append. Default 1000.
    public var maxBatch: Int = 1000
    /// Deepest JSON nesting. Default 64.
    public var maxDepth: Int = 64
    /// Longest event type. Default 128.
    public var maxTypeLength: Int = 128
    /// Longest idempotency key, source, correlation, causation, trace or span id. Default 256.
    public var maxFieldLength: Int = 256

    public init() {}

    public static let `default` = EventLimits()

    /// Parser limits for one event's JSON text.
    public var parserLimits: JSONParser.Limits {
        JSONParser.Limits(maxDepth: maxDepth, maxBytes: maxDataBytes, maxStringBytes: maxDataBytes)
    }

    /// Checks one client event; `index` names it in the message.
    public func validate(_ event: NewEvent, index: Int? = nil) throws(SessionError) {
        let which = index.map { "event \($0): " } ?? ""
        try Self.validateType(event.type, maxLength: maxTypeLength, prefix: which)
        if EngineEventType.isEngine(event.type) {
            throw SessionError(.invalidEventType, "\(which)event types under session. are reserved for the engine")
        }
        if let delta = event.stateDelta, !delta.isObject {
            throw SessionError(.invalidStateDelta, "\(which)state_delta must be a JSON object (a JSON Merge Patch)")
        }
        for (name, value) in [
            ("idempotency_key", event.idempotencyKey), ("source", event.source), ("correlation_id", event.correlationID),
            ("causation_id", event.causationID), ("trace_id", event.traceID), ("span_id", event.spanID),
        ] {
            if let value, value.isEmpty || value.utf8.count > maxFieldLength {
                throw SessionError(.invalidArgument, "\(which)\(name) must be 1 to \(maxFieldLength) bytes")
            }
        }
        for (name, value) in [("data", Optional(event.data)), ("state_delta", event.stateDelta)] {
            guard let value else { continue }
            let (size, depth) = value.measure(limit: maxDataBytes)
            if size > maxDataBytes {
                throw SessionError(.payloadTooLarge, "\(which)\(name) is larger than \(maxDataBytes) bytes")
            }
            if depth > maxDepth {
                throw SessionError(.jsonTooDeep, "\(which)\(name) nests deeper than \(maxDepth) levels")
            }
        }
    }

    /// Checks the size of a batch.
    public func validateBatch(count: Int) throws(SessionError) {
        if count == 0 { throw SessionError(.invalidArgument, "an append needs at least one event") }
        if count > maxBatch { throw SessionError(.batchTooLarge, "\(count) events in one append; the limit is \(maxBatch)") }
    }

    static func validateType(_ type: String, maxLength: Int, prefix: String) throws(SessionError) {
        let ok =
            !type.isEmpty && type.utf8.count <= maxLength
            && type.utf8.allSatisfy { b in
                (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x5F || b == 0x2D || b == 0x3A
            }
            && !type.hasPrefix(".") && !type.hasSuffix(".")
        if !ok {
            throw SessionError(.invalidEventType, "\(prefix)event type must be 1 to \(maxLength) characters of letters, digits and . _ - :")
        }
    }
}

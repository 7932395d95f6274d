import Foundation
import SessionCore
import Testing

struct EventLimitsTests {
    @Test func defaults() {
        let limits = EventLimits.default
        #expect(limits.maxDataBytes == 1 << 20)
        #expect(limits.maxBatch == 1000)
        #expect(limits.maxDepth == 64)
        #expect(limits.maxTypeLength == 128)
        #expect(limits.maxFieldLength == 256)
        #expect(limits.parserLimits == JSONParser.Limits(maxDepth: 64, maxBytes: 1 << 20, maxStringBytes: 1 << 20))
    }

    @Test(arguments: [
        "tool.call", "user.prompt", "error", "a", "A.B", "x-y_z:1", "v2.tool_call", "session", "sessions.x", "my.session.x",
        String(repeating: "t", count: 128),
    ])
    func acceptsTypes(_ type: String) throws {
        try EventLimits.default.validate(NewEvent(type: type))
    }

    @Test(arguments: [
        "", ".a", "a.", ".", "a b", "tool/call", "tool.call!", "é", "emoji😀", "a\n", "a\tb", "\"q\"",
        String(repeating: "t", count: 129),
    ])
    func rejectsMalformedTypes(_ type: String) {
        let error = #expect(throws: SessionError.self) { try EventLimits.default.validate(NewEvent(type: type)) }
        #expect(error?.code == .invalidEventType)
    }

    @Test(arguments: ["session.created", "session.state_changed", "session.ended", "session.x", "session.undo"])
    func reservesTheSessionNamespace(_ type: String) {
        let error = #expect(throws: SessionError.self) { try EventLimits.default.validate(NewEvent(type: type)) }
        #expect(error?.code == .invalidEventType)
        #expect(error?.message.contains("reserved") == true)
    }

    @Test(arguments: [JSONValue.array([]), [1], 1, 1.5, "x", true, .null])
    func stateDeltaMustBeAnObject(_ delta: JSONValue) {
        let error = #expect(throws: SessionError.self) {
            try EventLimits.default.validate(NewEvent(type: "a", stateDelta: delta))
        }
        #expect(error?.code == .invalidStateDelta)
    }

    @Test func objectDeltasAndAnyDataPass() throws {
        for data: JSONValue in [.emptyObject, ["a": 1], [1, 2], "text", 1, .null] {
            try EventLimits.default.validate(NewEvent(type: "a", data: data, stateDelta: ["k": nil]))
        }
    }

    enum Field: String, CaseIterable, Sendable {
        case idempotencyKey, source, correlationID, causationID, traceID, spanID

        func event(_ value: String) -> NewEvent {
            var event = NewEvent(type: "a")
            switch self {
            case .idempotencyKey: event.idempotencyKey = value
            case .source: event.source = value
            case .correlationID: event.correlationID = value
            case .causationID: event.causationID = value
            case .traceID: event.traceID = value
            case .spanID: event.spanID = value
            }
            return event
        }
    }

    @Test(arguments: Field.allCases)
    func fieldLengths(_ field: Field) throws {
        try EventLimits.default.validate(field.event("x"))
        try EventLimits.default.validate(field.event(String(repeating: "x", count: 256)))
        try EventLimits.default.validate(field.event(String(repeating: "é", count: 128)))
        for bad in ["", String(repeating: "x", count: 257), String(repeating: "é", count: 129)] {
            let error = #expect(throws: SessionError.self) { try EventLimits.default.validate(field.event(bad)) }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test func depthLimit() throws {
        try EventLimits.default.validate(NewEvent(type: "a", data: nested(64)))
        try EventLimits.default.validate(NewEvent(type: "a", stateDelta: ["k": nested(63)]))
        let data = #expect(throws: SessionError.self) { try EventLimits.default.validate(NewEvent(type: "a", data: nested(65))) }
        #expect(data?.code == .jsonTooDeep)
        let delta = #expect(throws: SessionError.self) {
            try EventLimits.default.validate(NewEvent(type: "a", stateDelta: ["k": nested(64)]))
        }
        #expect(delta?.code == .jsonTooDeep)
        #expect(delta?.message.contains("state_delta") == true)
    }

    @Test func sizeLimit() throws {
        var limits = EventLimits()
        limits.maxDataBytes = 16
        let exact: JSONValue = ["a": "0123456789"]  // {"a":"0123456789"} is 18 bytes
        #expect(JSONWriter.bytes(exact).count == 18)
        limits.maxDataBytes = 18
        try limits.validate(NewEvent(type: "a", data: exact, stateDelta: exact))
        limits.maxDataBytes = 17
        let data = #expect(throws: SessionError.self) { try limits.validate(NewEvent(type: "a", data: exact)) }
        #expect(data?.code == .payloadTooLarge)
        let delta = #expect(throws: SessionError.self) { try limits.validate(NewEvent(type: "a", stateDelta: exact)) }
        #expect(delta?.code == .payloadTooLarge)
    }

    @Test func defaultSizeLimitIsOneMebibyte() throws {
        // {"s":"…"} adds 8 bytes around the string.
        let fits: JSONValue = ["s": .string(String(repeating: "x", count: (1 << 20) - 8))]
        let over: JSONValue = ["s": .string(String(repeating: "x", count: (1 << 20) - 7))]
        try EventLimits.default.validate(NewEvent(type: "a", data: fits))
        let error = #expect(throws: SessionError.self) { try EventLimits.default.validate(NewEvent(type: "a", data: over)) }
        #expect(error?.code == .payloadTooLarge)
    }

    @Test func messagesNameTheEventIndex() {
        let error = #expect(throws: SessionError.self) {
            try EventLimits.default.validate(NewEvent(type: "session.x"), index: 3)
        }
        #expect(error?.message.hasPrefix("event 3: ") == true)
        let unindexed = #expect(throws: SessionError.self) { try EventLimits.default.validate(NewEvent(type: "")) }
        #expect(unindexed?.message.hasPrefix("event type must be") == true, "no index without one")
        let delta = #expect(throws: SessionError.self) {
            try EventLimits.default.validate(NewEvent(type: "a", stateDelta: 1), index: 0)
        }
        #expect(delta?.message.hasPrefix("event 0: state_delta") == true)
    }

    @Test(arguments: [
        (0, SessionError.Code?.some(.invalidArgument)), (1, nil), (999, nil), (1000, nil), (1001, .batchTooLarge), (100_000, .batchTooLarge),
    ])
    func batchSize(_ count: Int, _ code: SessionError.Code?) throws {
        if let code {
            let error = #expect(throws: SessionError.self) { try EventLimits.default.validateBatch(count: count) }
            #expect(error?.code == code)
        } else {
            try EventLimits.default.validateBatch(count: count)
        }
    }

    @Test func customBatchLimit() throws {
        var limits = EventLimits()
        limits.maxBatch = 2
        try limits.validateBatch(count: 2)
        #expect((#expect(throws: SessionError.self) { try limits.validateBatch(count: 3) })?.code == .batchTooLarge)
    }

    @Test func errorCodesAreStable() {
        let codes: [(SessionError.Code, String)] = [
            (.invalidJSON, "invalid_json"), (.invalidUTF8, "invalid_utf8"), (.jsonTooDeep, "json_too_deep"),
            (.payloadTooLarge, "payload_too_large"), (.batchTooLarge, "batch_too_large"),
            (.invalidArgument, "invalid_argument"), (.invalidStateDelta, "invalid_state_delta"),
            (.invalidEventType, "invalid_event_type"), (.sessionNotFound, "session_not_found"),
            (.invalidTransition, "invalid_transition"), (.sessionEnded, "session_ended"),
            (.sequenceConflict, "sequence_conflict"), (.idempotencyKeyReused, "idempotency_key_reused"),
            (.duplicateExternalID, "duplicate_external_id"), (.depthExceeded, "depth_exceeded"),
            (.parentEnded, "parent_ended"), (.nothingToUndo, "nothing_to_undo"), (.nothingToRedo, "nothing_to_redo"),
            (.sessionStale, "session_stale"),
        ]
        for (code, raw) in codes {
            #expect(code.rawValue == raw)
            #expect(code.description == raw)
        }
        #expect(Set(codes.map(\.0)).count == codes.count)
        let error = SessionError(.invalidJSON, "bad")
        #expect(error.description == "invalid_json: bad")
        #expect(error == SessionError(.invalidJSON, "bad"))
        #expect(error != SessionError(.invalidJSON, "other"))
    }
}

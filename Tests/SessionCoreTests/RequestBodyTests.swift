import Foundation
import SessionCore
import Testing

/// The request bodies decode through ``JSONValueDecoder`` with every field checked: unknown
/// keys and wrong types are refused naming the field, and each body reads back what it writes.
@Suite struct RequestBodyTests {
    static func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test(arguments: [
        (#"{"type": "note", "colour": 1}"#, "unknown field colour"),
        (#"{"data": {}}"#, "type is required"),
        (#"{"type": 3}"#, "type must be a string"),
        (#"{"events": [{"type": "a"}, {"type": "b", "extra": true}]}"#, "unknown field events[1].extra"),
        (#"{"events": [{"type": "a"}, {"data": 1}]}"#, "events[1].type is required"),
        (#"{"events": {"type": "a"}}"#, "events must be an array"),
        (#"{"events": [], "expected": 1}"#, "unknown field expected"),
        (#"{"type": "a", "expected_seq": 1.5}"#, "expected_seq must be an integer"),
        (#"[{"type": "a"}]"#, "must be an object"),
    ])
    func badAppendsNameTheField(_ body: String, _ message: String) throws {
        let json = try Self.parse(body)
        let error = #expect(throws: SessionError.self) { _ = try AppendRequest(json: json) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "") lacks \(message)")
    }

    @Test(arguments: [
        (#"{"application": "a", "labels": {"k": 1}}"#, "labels.k must be a string"),
        (#"{"application": "a", "context": []}"#, "context must be an object"),
        (#"{"application": "a", "parent_id": "nope"}"#, "parent_id must be a UUID"),
        (#"{"application": "a", "policy": {"idle_after_ms": "1s"}}"#, "idle_after_ms must be an integer"),
        (#"{"application": "a", "start": "yes"}"#, "start must be true or false"),
        (#"{"applicaton": "a"}"#, "unknown field applicaton"),
    ])
    func badCreatesNameTheField(_ body: String, _ message: String) throws {
        let json = try Self.parse(body)
        let error = #expect(throws: SessionError.self) { _ = try CreateSessionRequest(json: json) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "") lacks \(message)")
    }

    @Test(arguments: [
        (#"{"why": "x"}"#, "unknown field why"),
        (#"{"reason": 1}"#, "reason must be a string"),
    ])
    func badMovesNameTheField(_ body: String, _ message: String) throws {
        let json = try Self.parse(body)
        let error = #expect(throws: SessionError.self) { _ = try SessionMoveRequest(json: json) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "") lacks \(message)")
    }

    @Test(arguments: [
        (#"{"role": "root"}"#, "role must be one of"),
        (#"{"name": "x"}"#, "role is required"),
        (#"{"role": "reader", "user_id": ""}"#, "user_id must be 1 to 256 bytes"),
        (#"{"role": "reader", "scope": "all"}"#, "unknown field scope"),
    ])
    func badTokenRequestsNameTheField(_ body: String, _ message: String) throws {
        let json = try Self.parse(body)
        let error = #expect(throws: SessionError.self) { _ = try CreateTokenRequest(json: json) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "") lacks \(message)")
    }

    @Test func singleAndBatchAppendsReadBackAsWritten() throws {
        let events = [NewEvent(type: "a", data: ["n": 1]), NewEvent(type: "b", stateDelta: ["s": 2], idempotencyKey: "own")]
        for request in [
            AppendRequest(events: [events[0]], expectedSeq: 4, isBatch: false), AppendRequest(events: [events[0]], isBatch: true),
            AppendRequest(events: events, expectedSeq: 9),
        ] {
            #expect(try AppendRequest(json: request.json) == request)
        }
        // A single event carries `expected_seq` beside its own fields, not inside them.
        let single = try AppendRequest(json: Self.parse(#"{"type": "a", "expected_seq": 3}"#))
        #expect(single.expectedSeq == 3)
        #expect(single.events == [NewEvent(type: "a")])
        #expect(single.isBatch == false)
    }

    @Test func idempotencyHeaderKeysEventsWithoutTheirOwn() throws {
        var single = try AppendRequest(json: Self.parse(#"{"type": "a"}"#))
        single.applyIdempotencyKey("K")
        #expect(single.events.map(\.idempotencyKey) == ["K"])
        var batch = try AppendRequest(json: Self.parse(#"{"events": [{"type": "a"}, {"type": "b", "idempotency_key": "own"}]}"#))
        batch.applyIdempotencyKey("K")
        #expect(batch.events.map(\.idempotencyKey) == ["K:0", "own"])
        var one = try AppendRequest(json: Self.parse(#"{"events": [{"type": "a"}]}"#))
        one.applyIdempotencyKey("K")
        #expect(one.events.map(\.idempotencyKey) == ["K:0"])
    }

    @Test func nullFieldsReadAsAbsent() throws {
        let event = try NewEvent(json: Self.parse(#"{"type": "a", "data": null, "source": null, "state_delta": null}"#))
        #expect(event == NewEvent(type: "a"))
        let move = try SessionMoveRequest(json: .emptyObject)
        #expect(move.reason == nil)
    }
}

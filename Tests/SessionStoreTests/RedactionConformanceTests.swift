import Foundation
import SessionCore
import SessionKit
import SessionStore
import TestSupport
import Testing

/// What the engine's redaction step leaves in the store, on every backend.
@Suite struct RedactionConformanceTests {
    static let key = "AKIAQWERTYUIOP123456"

    @Test(arguments: StoreBackend.available)
    func storedEventsHoldTheMaskAndTheirRedactionsAndTheChainVerifies(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let session = try await manager.create(.stub())
            let result = try await manager.append(session.id, [
                NewEvent(type: "tool.result", data: ["output": .string("key \(Self.key)"), "n": 1], stateDelta: ["owner": "alice@example.com"]),
                NewEvent(type: "note", data: ["text": "nothing here"]),
            ])
            let stored = try await manager.events(session.id, afterSeq: session.lastSeq).events
            #expect(stored == result.events)
            #expect(stored[0].data == ["output": "key [REDACTED:aws_access_key_id]", "n": 1])
            #expect(stored[0].stateDelta == ["owner": "[REDACTED:email]"])
            #expect(stored[0].redactions == [
                Redaction(path: "data.output", rule: "aws_access_key_id"), Redaction(path: "state_delta.owner", rule: "email"),
            ])
            #expect(stored[1].redactions == [])
            #expect(try await manager.state(session.id).state == ["owner": "[REDACTED:email]"])
            #expect(try await manager.verify(session.id).isIntact)
        }
    }

    @Test(arguments: StoreBackend.available)
    func contextLabelsMetadataAndReasonsAreRedactedAndRecorded(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            var spec = SessionSpec.stub(labels: ["owner": "alice@example.com"], context: ["env": ["AWS_KEY": .string(Self.key)]])
            spec.metadata = ["card": "4111 1111 1111 1111"]
            let session = try await manager.create(spec)
            #expect(session.context == ["env": ["AWS_KEY": "[REDACTED:aws_access_key_id]"]])
            #expect(session.labels == ["owner": "[REDACTED:email]"])
            #expect(session.metadata == ["card": "[REDACTED:payment_card]"])
            let ended = try await manager.transition(session.id, .end, reason: "leaked \(Self.key)")
            #expect(ended.endReason == "leaked [REDACTED:aws_access_key_id]")
            let events = try await manager.events(session.id).events
            let created = try #require(events.first { $0.type == EngineEventType.created })
            #expect(Set(created.redactions.map(\.path)) == ["context.env.AWS_KEY", "labels.owner", "metadata.card"])
            let moved = try #require(events.last { $0.type == EngineEventType.stateChanged })
            #expect(moved.redactions == [Redaction(path: "reason", rule: "aws_access_key_id")])
            #expect(try await manager.verify(session.id).isIntact)
        }
    }

    @Test(arguments: StoreBackend.available)
    func applicationRulesFollowTheSessionsApplication(_ backend: StoreBackend) async throws {
        let redactor = try Redactor(policy: try RedactionPolicy(json: ["applications": ["crm": ["modes": ["email": "allow"]]]]))
        try await backend.withEngine({ $0.redactor = redactor }) { manager, _ in
            let crm = try await manager.create(SessionSpec(application: "crm"))
            let other = try await manager.create(SessionSpec(application: "agent"))
            let event = NewEvent(type: "note", data: ["to": "alice@example.com"])
            #expect(try await manager.append(crm.id, [event]).events[0].data == ["to": "alice@example.com"])
            #expect(try await manager.append(other.id, [event]).events[0].data == ["to": "[REDACTED:email]"])
        }
    }

    @Test(arguments: StoreBackend.available)
    func limitsHoldForWhatIsStoredAndCallersCannotSetRedactions(_ backend: StoreBackend) async throws {
        // 20 key bytes become 28 mask bytes: the unredacted event fits, the stored one would not.
        let data: JSONValue = ["k": .string(Self.key)]
        try await backend.withEngine({ $0.limits.maxDataBytes = JSONWriter.bytes(data).count + 4 }) { manager, _ in
            let session = try await manager.create(.stub())
            let error = await #expect(throws: SessionError.self) { try await manager.append(session.id, [NewEvent(type: "note", data: data)]) }
            #expect(error?.code == .payloadTooLarge)
            #expect(try await manager.session(session.id).lastSeq == session.lastSeq)
        }
        try await backend.withEngine({ $0.redactor = .off }) { manager, _ in
            let session = try await manager.create(.stub())
            let forged = NewEvent(type: "note", redactions: [Redaction(path: "data.x", rule: "email")])
            #expect(try await manager.append(session.id, [forged]).events[0].redactions == [])
        }
    }
}

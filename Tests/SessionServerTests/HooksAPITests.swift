import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import Testing

@Suite struct HooksAPITests {
    @Test func hooksMakeOneSessionFoundByItsExternalReference() async throws {
        try await ServerFixture.withServer { client, _ in
            let key = HTTPField.Name("Idempotency-Key")!
            let start: JSONValue = ["session_id": "abc/1", "hook_event_name": "SessionStart", "source": "startup", "cwd": "/tmp"]
            let first = try await client.send(.post, "/v1/hooks/claude-code?user=ana", json: start, headers: [key: "k1"])
            #expect(first.status == .accepted)
            #expect(try first.json()["events"] == 1)
            // A retry with the same key (a replayed spool) writes nothing.
            let retry = try await client.send(.post, "/v1/hooks/claude-code?user=ana", json: start, headers: [key: "k1"])
            #expect(try retry.json()["events"] == 0)
            let prompt: JSONValue = ["session_id": "abc/1", "hook_event_name": "UserPromptSubmit", "prompt": "hello"]
            #expect(try await client.send(.post, "/v1/hooks/claude-code", json: prompt).status == .accepted)

            // The reference works wherever a session id does, percent-encoded where it must be.
            let shown = try await client.send(.get, "/v1/sessions/claude-code:abc%2F1").json()
            #expect(shown["user_id"] == "ana")
            #expect(shown["external_id"] == "abc/1")
            let events = try await client.send(.get, "/v1/sessions/claude-code:abc%2F1/events").json()
            let types = events["events"]?.arrayValue?.compactMap { $0["source"] == "claude-code" ? $0["type"]?.stringValue : nil }
            #expect(types == ["assistant.session_started", "user.prompt"])
            #expect(try await client.send(.get, "/v1/sessions/claude-code:abc%2F1/metrics").status == .ok)

            let missing = try await client.send(.get, "/v1/sessions/claude-code:nobody")
            #expect(missing.status == .notFound)
            #expect(try missing.json()["code"] == "session_not_found")
            #expect(try await client.send(.get, "/v1/sessions/not-a-reference").status == .notFound)
        }
    }

    @Test func badHookPayloadsGetPreciseErrors() async throws {
        try await ServerFixture.withServer { client, _ in
            let noID = try await client.send(.post, "/v1/hooks/claude-code", json: ["hook_event_name": "Stop"])
            #expect(noID.status == .badRequest)
            #expect(try noID.json()["code"] == "invalid_hook")
            let array = try await client.send(.post, "/v1/hooks/claude-code", json: [1, 2])
            #expect(try array.json()["code"] == "invalid_hook")
            let notJSON = try await client.send(.post, "/v1/hooks/claude-code", text: "{nope")
            #expect(notJSON.status == .badRequest)
            let unknown = try await client.send(.post, "/v1/hooks/cursor", json: ["session_id": "x"])
            #expect(unknown.status == .notFound)
            #expect(try unknown.json()["code"] == "unknown_assistant")
            #expect(try await client.send(.get, "/v1/sessions?application=claude-code").json()["sessions"]?.arrayValue?.isEmpty == true)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import Testing

@Suite struct APITests {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    @Test func sessionLifecycleOverHTTP() async throws {
        try await ServerFixture.withServer { client, _ in
            let created = try await client.send(.post, "/v1/sessions", json: ["application": "agent", "user_id": "u1", "labels": ["team": "core"], "policy": ["idle_after_ms": 60000]])
            #expect(created.status == .created)
            let session = try created.json()
            let id = try #require(session["id"]?.stringValue)
            #expect(created.headers[.location] == "/v1/sessions/\(id)")
            #expect(session["policy"]?["idle_after_ms"] == 60000)
            #expect(session["status"] == "active")

            let appended = try await client.send(.post, "/v1/sessions/\(id)/events", json: ["type": "tool.call", "data": ["tool": "grep"], "state_delta": ["step": 1]])
            #expect(appended.status == .created)
            #expect(try appended.json()["last_seq"] == 3)
            #expect(appended.headers[.eTag] == "\"3\"")
            let batch = try await client.send(.post, "/v1/sessions/\(id)/events", json: ["events": [["type": "a"], ["type": "b", "state_delta": ["step": 2]]], "expected_seq": 3])
            #expect(try batch.json()["events"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 2)

            let events = try await client.send(.get, "/v1/sessions/\(id)/events?after_seq=2&limit=2").json()
            if case .array(let page)? = events["events"] { #expect(page.map { $0["seq"] } == [3, 4]) } else { Issue.record("no events") }
            #expect(events["next_after_seq"] == 4)
            #expect(try await client.send(.get, "/v1/sessions/\(id)/events?type=b").json()["events"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 1)
            #expect(try await client.send(.get, "/v1/sessions/\(id)/state").json()["state"] == ["step": 2])
            #expect(try await client.send(.get, "/v1/sessions/\(id)/state?at_seq=3").json()["state"] == ["step": 1])
            #expect(try await client.send(.get, "/v1/sessions?user=u1&label=team=core").json()["sessions"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 1)

            let child = try await client.createSession(["parent_id": .string(id)])
            #expect(try await client.send(.post, "/v1/sessions/\(id)/heartbeat").status == .ok)
            #expect(try await client.send(.post, "/v1/sessions/\(id)/suspend").json()["status"] == "suspended")
            #expect(try await client.send(.post, "/v1/sessions/\(id)/recover").json()["session"]?["status"] == "active")
            #expect(try await client.send(.post, "/v1/sessions/\(id)/undo").json()["type"] == "session.undo")
            #expect(try await client.send(.post, "/v1/sessions/\(id)/redo").json()["type"] == "session.redo")
            let ended = try await client.send(.post, "/v1/sessions/\(id)/end", json: ["reason": "done"]).json()
            #expect(ended["status"] == "completed")
            #expect(ended["end_reason"] == "done")
            #expect(try await client.send(.get, "/v1/sessions/\(child)").json()["end_reason"] == "parent_closed")
            #expect(try await client.send(.get, "/v1/sessions/\(id)/tree").json()["metrics"]?["sessions"] == 2)
            #expect(try await client.send(.get, "/v1/sessions/\(id)/metrics").json()["outcome"] == "ok")
            #expect(try await client.send(.get, "/v1/sessions/\(id)").json()["state"] == ["step": 2])
        }
    }

    @Test func conversationStoreSessionStartsWithStateAndNeverExpires() async throws {
        try await ServerFixture.withServer { client, _ in
            let created = try await client.send(
                .post, "/v1/sessions", json: ["application": "agent", "state": ["user": ["name": "ada"]], "policy": ["expire_after_ms": nil]])
            #expect(created.status == .created)
            let session = try created.json()
            let id = try #require(session["id"]?.stringValue)
            #expect(session["policy"]?["expire_after_ms"] == .null)
            #expect(session["state"] == ["user": ["name": "ada"]])
            #expect(try await client.send(.get, "/v1/sessions/\(id)/state?at_seq=1").json()["state"] == ["user": ["name": "ada"]])

            let refused = try await client.send(.post, "/v1/sessions", json: ["application": "agent", "state": [1, 2]])
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.json()["code"] == "invalid_state_delta")
        }
    }

    @Test func idempotencyKeyAndIfMatchHeaders() async throws {
        try await ServerFixture.withServer { client, _ in
            let id = try await client.createSession()
            let first = try await client.send(.post, "/v1/sessions/\(id)/events", json: ["type": "a"], headers: [APITests.idempotencyKey: "k1"])
            #expect(first.status == .created)
            let retry = try await client.send(.post, "/v1/sessions/\(id)/events", json: ["type": "a"], headers: [APITests.idempotencyKey: "k1"])
            #expect(retry.status == .ok)
            let retried = try retry.json(), original = try first.json()
            #expect(retried["events"] == original["events"])
            #expect(retried["replayed"] == 1)
            let stale = try await client.send(.post, "/v1/sessions/\(id)/events", json: ["type": "b"], headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
            #expect(stale.problemCode == "sequence_conflict")
            let fresh = try await client.send(.post, "/v1/sessions/\(id)/events", json: ["type": "b"], headers: [.ifMatch: "\"3\""])
            #expect(fresh.status == .created)
        }
    }

    @Test(arguments: [
        ("POST", "/v1/sessions", "{oops", HTTPResponse.Status.badRequest, "invalid_json"),
        ("POST", "/v1/sessions", "[1]", .badRequest, "invalid_argument"),
        ("POST", "/v1/sessions", #"{"application":"a","bogus":1}"#, .badRequest, "invalid_argument"),
        ("POST", "/v1/sessions", #"{"application":5}"#, .badRequest, "invalid_argument"),
        ("POST", "/v1/sessions", #"{"user_id":"u"}"#, .badRequest, "invalid_argument"),
        ("POST", "/v1/sessions", String(repeating: "[", count: 100) + String(repeating: "]", count: 100), .badRequest, "json_too_deep"),
        ("POST", "/v1/sessions", "", .badRequest, "invalid_json"),
        ("POST", "/v1/sessions", #"{"application":"a","parent_id":"01a220c5-e7dc-7d19-8246-c22f47d6398e"}"#, .notFound, "session_not_found"),
        ("GET", "/v1/sessions/not-a-uuid", "", .notFound, "session_not_found"),
        ("GET", "/v1/sessions/01a220c5-e7dc-7d19-8246-c22f47d6398e", "", .notFound, "session_not_found"),
        ("GET", "/v1/sessions?limit=5000", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/sessions?limit=abc", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/sessions?status=sleepy", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/sessions?label=team", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/sessions?created_from=yesterday", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/sessions?cursor=zzz", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/sessions?parent=zzz", "", .notFound, "session_not_found"),
        ("GET", "/v1/stream?session=zzz", "", .badRequest, "invalid_argument"),
        ("GET", "/v1/nowhere", "", .notFound, "not_found"),
        ("DELETE", "/v1/sessions", "", .notFound, "not_found"),
    ])
    func badRequestsGetProblems(_ method: String, _ uri: String, _ body: String, _ status: HTTPResponse.Status, _ code: String) async throws {
        try await ServerFixture.withServer { client, _ in
            let response = try await client.send(HTTPRequest.Method(method)!, uri, text: body.isEmpty ? nil : body)
            #expect(response.status == status, "\(method) \(uri)")
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.problemCode == code)
        }
    }

    @Test func badAppendsWriteNothing() async throws {
        try await ServerFixture.withServer(configure: { $0.maxBodyBytes = 64 * 1024 }) { client, manager in
            let id = try await client.createSession()
            let uri = "/v1/sessions/\(id)/events"
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"type":"a","state_delta":[1]}"#, .unprocessableContent, "invalid_state_delta"),
                (#"{"type":"session.ended"}"#, .unprocessableContent, "invalid_event_type"),
                (#"{"events":[{"type":"ok"},{"type":"x","state_delta":3}]}"#, .unprocessableContent, "invalid_state_delta"),
                (#"{"events":[]}"#, .badRequest, "invalid_argument"),
                (#"{"type":"a","data":"\#(String(repeating: "x", count: 70_000))"}"#, .contentTooLarge, "payload_too_large"),
                (#"{"type":"a","expected_seq":0}"#, .conflict, "sequence_conflict"),
                (#"{"data":{}}"#, .badRequest, "invalid_argument"),
            ]
            for (body, status, code) in cases {
                let response = try await client.send(.post, uri, text: body)
                #expect(response.status == status, "\(code): \(response.status) \(response.problemCode ?? "-")")
                #expect(response.problemCode == code, "\(code): \(response.status) \(response.problemCode ?? "-")")
            }
            var tooMany = "{\"events\":["
            tooMany += (0..<1001).map { _ in #"{"type":"a"}"# }.joined(separator: ",") + "]}"
            let batch = try await client.send(.post, uri, text: tooMany)
            #expect(batch.status == .contentTooLarge)
            #expect(batch.problemCode == "batch_too_large")
            let invalidUTF8 = ByteBuffer(bytes: Array(#"{"type":"a","data":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8))
            let utf8 = try await client.execute(uri: uri, method: .post, body: invalidUTF8)
            #expect(utf8.status == .badRequest)
            #expect(utf8.problemCode == "invalid_utf8")
            let session = try await manager.session(UUID(text: id)!)
            #expect(session.lastSeq == 2)
            #expect(session.counters.events == 0)

            _ = try await client.send(.post, "/v1/sessions/\(id)/end")
            let late = try await client.send(.post, uri, json: ["type": "late"])
            #expect(late.status == .conflict)
            #expect(late.problemCode == "session_ended")
            let again = try await client.send(.post, "/v1/sessions/\(id)/end")
            #expect(again.status == .conflict)
            #expect(again.problemCode == "invalid_transition")
            let unknownField = try await client.send(.post, "/v1/sessions/\(id)/fail", json: ["why": "x"])
            #expect(unknownField.status == .badRequest)
        }
    }

    @Test func statsOverHTTP() async throws {
        try await ServerFixture.withServer { client, _ in
            let id = try await client.createSession()
            _ = try await client.createSession(["application": "ide", "user_id": "bob"])
            _ = try await client.send(.post, "/v1/sessions/\(id)/end")
            let stats = try await client.send(.get, "/v1/stats").json()
            #expect(stats["live"] == 1)
            #expect(stats["by_status"]?["completed"] == 1)
            #expect(stats["live_by_application"] == ["ide": 1])
            #expect(stats["outcomes"]?["ok"] == 1)
            #expect(stats["durations_ms"]?["sample"] == 1)
            #expect(try await client.send(.get, "/v1/stats?user=bob").json()["live"] == 1)
        }
    }

    @Test func healthEndpoints() async throws {
        try await ServerFixture.withServer { client, _ in
            let live = try await client.send(.get, "/health/live").json()
            let ready = try await client.send(.get, "/health/ready").json()
            #expect(live["status"] == "ok")
            #expect(ready["status"] == "ok")
        }
    }

    @Test func liveServerAnswersOverASocket() async throws {
        try await ServerFixture.withServer(.live) { client, _ in
            #expect(client.port != nil)
            let id = try await client.createSession()
            #expect(try await client.send(.get, "/v1/sessions/\(id)").status == .ok)
        }
    }
}

@testable import SessionCore
import Testing

@Suite struct RolloutReaderTests {
    static let exitCodes: [(output: JSONValue, code: Int?)] = [
        ("Exit code: 0\nWall time: 1 seconds\nOutput:\nok", 0),
        ("Exit code: 1\nOutput:\n", 1),
        ("Exit code 127", 127),
        ("Chunk ID: a1\nProcess exited with code 2\nOutput:\n", 2),
        ("Process exited with code -9", -9),
        ("Process running with session ID 48230", nil),
        ("[REDACTED_text len=120 sha=ab12]", nil),
        (#"{"output":"Success.","metadata":{"exit_code":0,"duration_seconds":2.2}}"#, 0),
        (#"{"output":"","metadata":{"exit_code":3}}"#, 3),
        (#"{"output":"no metadata"}"#, nil),
        (["content": "Exit code: 4"], 4),
        (.string(String(repeating: "x", count: 500) + "Exit code: 1"), nil),
        (.null, nil),
    ]

    @Test(arguments: exitCodes.indices) func exitCodeOfAToolOutput(_ index: Int) {
        let (output, code) = Self.exitCodes[index]
        #expect(CodexRolloutReader.exitCode(output) == code, "\(output)")
    }

    static func line(_ o: JSONValue) -> ArraySlice<UInt8> { ArraySlice(JSONWriter.bytes(o)) }

    @Test func aSubagentRolloutNamesItsKindAndParent() {
        var review = CodexRolloutReader()
        _ = review.read(Self.line(["timestamp": "2026-01-04T12:05:09.500Z", "type": "session_meta", "payload": ["id": "c1", "source": ["subagent": "review"]]]))
        #expect(review.subagentKind == "review")
        #expect(review.read(Self.line(["timestamp": "2026-01-04T12:05:10.000Z", "type": "event_msg", "payload": ["type": "user_message", "message": "review"]])).map(\.event.type) == ["subagent.task"])
        var spawned = CodexRolloutReader()
        _ = spawned.read(Self.line(["type": "session_meta", "payload": ["id": "c2", "source": ["subagent": ["thread_spawn": ["parent_thread_id": "p1", "depth": 1]]]]]))
        #expect(spawned.subagentKind == "thread_spawn")
        #expect(spawned.parentThreadID == "p1")
        var main = CodexRolloutReader()
        _ = main.read(Self.line(["type": "session_meta", "payload": ["id": "p1", "source": "cli"]]))
        #expect(main.subagentKind == nil)
    }

    @Test func aRepeatedTokenCountIsDroppedAlsoAfterAContinuation() {
        func count(at time: String) -> JSONValue {
            ["timestamp": .string(time), "type": "event_msg", "payload": ["type": "token_count", "info": ["last_token_usage": ["input_tokens": 10, "cached_input_tokens": 4, "output_tokens": 2]]]]
        }
        var reader = CodexRolloutReader()
        let first = reader.read(Self.line(count(at: "2026-01-01T00:00:01.000Z")))
        #expect(first.first?.event.data["usage"] == ["input": 6, "output": 2, "cache_read": 4, "cache_creation": 0, "reasoning_output": 0])
        var next = CodexRolloutReader(continuing: reader.continuation)
        #expect(next.read(Self.line(count(at: "2026-01-01T00:00:02.000Z"))).isEmpty)
    }

    @Test func geminiOutputIncludesThoughtsAndInputIsUncached() throws {
        let document: JSONValue = [
            "sessionId": "g1", "startTime": "2025-12-01T21:45:34.362Z",
            "messages": [
                ["id": "m1", "timestamp": "2025-12-01T21:45:34.362Z", "type": "user", "content": "hi"],
                ["id": "m2", "timestamp": "2025-12-01T21:45:40.000Z", "type": "gemini", "model": "gemini-2.5-pro", "tokens": ["input": 100, "output": 10, "cached": 40, "thoughts": 5],
                 "toolCalls": [["id": "t1", "name": "read_file", "status": "error", "timestamp": "2025-12-01T21:45:41.500Z"]]],
                ["id": "m2", "type": "gemini"],
                ["id": "m3", "timestamp": "2025-12-01T21:45:45.000Z", "type": "user", "content": "/stats"],
                42,
            ],
        ]
        let session = try #require(GeminiSessionReader.read(document).first)
        #expect(session.skipped == 1)
        #expect(session.reads.map(\.event.type) == ["user.prompt", "assistant.message", "tool.started", "tool.call", "user.command"])
        #expect(session.reads[1].event.data["usage"] == ["input": 60, "output": 15, "cache_read": 40, "cache_creation": 0, "reasoning_output": 5])
        #expect(session.reads[3].event.data["outcome"] == "error")
        #expect(session.reads[3].event.data["duration_ms"] == 1500)
    }
}

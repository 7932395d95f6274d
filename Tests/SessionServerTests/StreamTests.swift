import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import SessionCore
import SessionKit
import SessionServer
import Synchronization
import TestSupport
import Testing

/// Reads a live SSE response and splits it into messages.
struct SSEReader {
    struct Message: Equatable {
        var id: Int64?
        var event: String?
        var data: String?
    }

    var pending = ""
    var comments: [String] = []

    mutating func feed(_ text: String) -> [Message] {
        pending += text
        var messages: [Message] = []
        while let range = pending.range(of: "\n\n") {
            let block = pending[..<range.lowerBound]
            pending.removeSubrange(..<range.upperBound)
            var message = Message()
            var isComment = true
            for line in block.split(separator: "\n") {
                if line.hasPrefix(":") {
                    comments.append(String(line))
                    continue
                }
                isComment = false
                if line.hasPrefix("id: ") { message.id = Int64(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { message.event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { message.data = String(line.dropFirst(6)) }
            }
            if !isComment { messages.append(message) }
        }
        return messages
    }
}

@Suite struct StreamTests {
    /// The `sessiond_stream_subscribers` gauge the server reports.
    static func openStreams(_ client: any TestClientProtocol) async throws -> Double? {
        MetricsTests.value(try await MetricsTests.scrape(client), MetricCatalog.streamSubscribers.name)
    }

    /// Opens the stream and collects messages until `done` says so.
    static func collect(
        port: Int, query: String = "", lastEventID: Int64? = nil, until done: @escaping @Sendable ([SSEReader.Message], [String]) -> Bool
    ) async throws -> (messages: [SSEReader.Message], comments: [String], contentType: String?) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/stream\(query)")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: "\(lastEventID)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var reader = SSEReader()
        var messages: [SSEReader.Message] = []
        for try await chunk in response.body {
            messages += reader.feed(String(buffer: chunk))
            if done(messages, reader.comments) { break }
        }
        return (messages, reader.comments, response.headers.first(name: "content-type"))
    }

    @Test func streamDeliversStoredAndLiveEventsAndResumesExactlyOnce() async throws {
        try await ServerFixture.withServer(.live) { client, manager in
            let port = try #require(client.port)
            let session = try await manager.create(SessionSpec(application: "agent", userID: "alice"))
            _ = try await manager.append(session.id, [NewEvent(type: "a"), NewEvent(type: "b"), NewEvent(type: "c")])
            // 2 engine events + 3 stored: then 4 more while the stream is open.
            let live = Task {
                for i in 0..<4 {
                    _ = try await manager.append(session.id, [NewEvent(type: "live", data: ["i": .int(Int64(i))])])
                }
            }
            let first = try await Self.collect(port: port) { messages, _ in messages.count >= 9 }
            try await live.value
            #expect(first.contentType == "text/event-stream")
            let ids = first.messages.compactMap(\.id)
            #expect(ids.count == 9)
            #expect(ids == ids.sorted())
            #expect(Set(ids).count == 9)
            #expect(first.messages.map(\.event).suffix(4) == ["live", "live", "live", "live"])
            let data = try JSONParser.parse(try #require(first.messages[2].data))
            #expect(data["type"] == "a")
            #expect(data["seq"] == 3)
            #expect(data["session_id"] == .string(session.id.lowercased))

            // Reconnecting after the 4th event gives the 5 later ones, each once.
            let resumed = try await Self.collect(port: port, lastEventID: ids[3]) { messages, _ in messages.count >= 5 }
            #expect(resumed.messages.compactMap(\.id) == Array(ids[4...]))

            // Filters.
            let other = try await manager.create(SessionSpec(application: "ide", userID: "bob"))
            _ = try await manager.append(other.id, [NewEvent(type: "live")])
            let byType = try await Self.collect(port: port, query: "?type=live&application=ide") { messages, _ in messages.count >= 1 }
            try #require(byType.messages.count == 1)
            #expect(byType.messages[0].data?.contains(other.id.lowercased) == true)
            let bySession = try await Self.collect(port: port, query: "?session=\(session.id.lowercased)&type=b") { messages, _ in messages.count >= 1 }
            #expect(bySession.messages.map(\.event) == ["b"])
        }
    }

    @Test func idleStreamSendsKeepAlives() async throws {
        try await ServerFixture.withServer(.live, configure: { $0.streamKeepAlive = .milliseconds(20); $0.streamPollInterval = .milliseconds(10) }) { client, _ in
            let port = try #require(client.port)
            let result = try await Self.collect(port: port) { _, comments in comments.contains(": keep-alive") }
            #expect(result.comments.first == ": sessiond stream")
            #expect(result.comments.contains(": keep-alive"))
        }
    }

    @Test func readerThatStopsReadingIsDropped() async throws {
        try await ServerFixture.withServer(.live, configure: {
            // Long enough that a scrape of /metrics on a loaded machine still sees the stream open.
            $0.streamSlowConsumerTimeout = .seconds(2)
            $0.streamKeepAlive = .milliseconds(50)
            $0.streamPollInterval = .milliseconds(20)
        }) { client, manager in
            let port = try #require(client.port)
            let session = try await manager.create(SessionSpec(application: "agent"))
            // 12 MB of events: more than the kernel buffers of both ends hold.
            let blob = JSONValue.string(String(repeating: "x", count: 200_000))
            for _ in 0..<60 { _ = try await manager.append(session.id, [NewEvent(type: "big", data: ["blob": blob])]) }
            let socket = try StalledReader(port: port, request: "GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            defer { socket.close() }
            // The server fills the buffers, its next write waits, and the watchdog gives up:
            // the stream is gone from the server while this end has read nothing.
            #expect(try await eventually { try await Self.openStreams(client) == 1 })
            #expect(try await eventually(timeout: .seconds(40)) { try await Self.openStreams(client) == 0 }, "the server kept a stalled stream open")
            let drained = try socket.drainUntilClosed(deadline: .now + .seconds(20))
            #expect(drained.closed, "the server kept a stalled stream open")
            #expect(drained.bytes < 12_000_000, "the stream was not cut short")
        }
    }

    @Test func tailStartsWithTheLastEventsOfTheStore() async throws {
        try await ServerFixture.withServer(.live) { client, manager in
            let port = try #require(client.port)
            let session = try await manager.create(SessionSpec(application: "agent"))
            _ = try await manager.append(session.id, [NewEvent(type: "a"), NewEvent(type: "b"), NewEvent(type: "c")])
            // Once the stream has begun (its first comment), one more event is stored.
            func appendOnceStarted(_ type: String) -> @Sendable ([SSEReader.Message], [String]) -> Void {
                let once = Once()
                return { _, comments in
                    if !comments.isEmpty, once.first() { Task { _ = try await manager.append(session.id, [NewEvent(type: type)]) } }
                }
            }
            let liveD = appendOnceStarted("d")
            let tail = try await Self.collect(port: port, query: "?tail=2") { messages, comments in
                liveD(messages, comments)
                return messages.count >= 3
            }
            #expect(tail.messages.map(\.event) == ["b", "c", "d"])
            // tail=0: nothing stored before, only what comes next.
            let liveE = appendOnceStarted("e")
            let now = try await Self.collect(port: port, query: "?tail=0") { messages, comments in
                liveE(messages, comments)
                return messages.count >= 1
            }
            #expect(now.messages.map(\.event) == ["e"])
        }
    }

    @Test func badStreamRequestsGetProblems() async throws {
        try await ServerFixture.withServer { client, _ in
            let badID = try await client.send(.get, "/v1/stream", headers: [HTTPField.Name("Last-Event-ID")!: "abc"])
            #expect(badID.status == .badRequest)
            #expect(badID.problemCode == "invalid_argument")
            for tail in ["-1", "1001", "x"] {
                let badTail = try await client.send(.get, "/v1/stream?tail=\(tail)")
                #expect(badTail.status == .badRequest)
                #expect(badTail.problemCode == "invalid_argument")
            }
            let badSession = try await client.send(.get, "/v1/stream?session=nope")
            #expect(badSession.status == .badRequest)
            #expect(badSession.problemCode == "invalid_argument")
        }
    }
}

/// A raw TCP client that sends one request and then reads nothing, with a small receive buffer.
struct StalledReader {
    let fd: Int32

    init(port: Int, request: String) throws {
        fd = try LoopbackSocket.open(port: port, request: request, receiveBuffer: 4096)
    }

    /// Reads until the peer closes (true) or the deadline passes (false).
    func drainUntilClosed(deadline: ContinuousClock.Instant) throws -> (closed: Bool, bytes: Int) {
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return (true, total) }
            if n < 0 { return (errno == ECONNRESET, total) }
            total += n
        }
        return (false, total)
    }

    func close() { _ = Glibc.close(fd) }
}

/// True the first time only.
final class Once: Sendable {
    private let done = Mutex(false)

    func first() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

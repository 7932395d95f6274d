import Foundation
import HTTPTypes
import SessionClient
import SessionCore
import Testing

/// 503 and connection errors are retried with backoff; 4xx never.
@Suite struct RetryTests {
    static let session = Session(id: UUID.v7(at: Timestamp(milliseconds: 1_790_000_000_000)), application: "scripted", createdAt: Timestamp(milliseconds: 1_790_000_000_000))

    @Test func serviceUnavailableIsRetriedWithBackoffUntilItSucceeds() async throws {
        let server = try await ScriptedServer.start { route, n in
            n <= 2 ? ScriptedServer.problem(.serviceUnavailable, "store_unavailable") : (.ok, Self.session.json(full: false))
        }
        let sleep = RecordingSleep()
        var configuration = SessionClient.Configuration(baseURL: server.url, token: "secret")
        configuration.retry = .init(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(5), jitter: .none)
        configuration.sleep = sleep.sleep
        let client = SessionClient(configuration: configuration)
        let answer = try await client.heartbeat(Self.session.id)
        #expect(answer.id == Self.session.id)
        #expect(server.count("POST /v1/sessions/\(Self.session.id.lowercased)/heartbeat") == 3)
        #expect(sleep.recorded == [.milliseconds(100), .milliseconds(200)])
        #expect(server.authorizations == Array(repeating: "Bearer secret", count: 3))
        try await client.shutdown()
        await server.stop()
    }

    @Test func serviceUnavailableIsThrownOnceTheAttemptsAreSpent() async throws {
        let server = try await ScriptedServer.start { _, _ in ScriptedServer.problem(.serviceUnavailable, "not_ready") }
        let sleep = RecordingSleep()
        var configuration = SessionClient.Configuration(baseURL: server.url)
        configuration.retry.maxAttempts = 3
        configuration.sleep = sleep.sleep
        let client = SessionClient(configuration: configuration)
        let error = await #expect(throws: SessionClientError.self) { try await client.health() }
        #expect(error?.code.rawValue == "not_ready")
        #expect(error?.status == 503)
        #expect(error?.isRetryable == true)
        #expect(server.count("GET /health/ready") == 3)
        #expect(sleep.recorded.count == 2)
        try await client.shutdown()
        await server.stop()
    }

    @Test(arguments: [(400, "invalid_argument"), (404, "session_not_found"), (409, "invalid_transition"), (422, "invalid_event_type")])
    func clientErrorsAreNeverRetried(_ status: Int, _ code: String) async throws {
        let server = try await ScriptedServer.start { _, _ in ScriptedServer.problem(.init(code: status), code) }
        let sleep = RecordingSleep()
        var configuration = SessionClient.Configuration(baseURL: server.url)
        configuration.sleep = sleep.sleep
        let client = SessionClient(configuration: configuration)
        let error = await #expect(throws: SessionClientError.self) { try await client.create(SessionSpec(application: "x")) }
        #expect(error?.code.rawValue == code)
        #expect(error?.status == status)
        #expect(server.count("POST /v1/sessions") == 1)
        #expect(sleep.recorded.isEmpty)
        #expect(server.authorizations == ["-"])
        try await client.shutdown()
        await server.stop()
    }

    @Test func connectionErrorsAreRetriedThenThrownAsUnreachable() async throws {
        let server = try await ScriptedServer.start { _, _ in (.ok, [:]) }
        await server.stop()  // nothing listens on its port any more
        let sleep = RecordingSleep()
        var configuration = SessionClient.Configuration(baseURL: server.url)
        configuration.retry.maxAttempts = 3
        configuration.sleep = sleep.sleep
        let client = SessionClient(configuration: configuration)
        let error = await #expect(throws: SessionClientError.self) { try await client.health() }
        #expect(error?.code == .unreachable)
        #expect(error?.status == nil)
        #expect(error?.isRetryable == true)
        #expect(sleep.recorded.count == 2)
        try await client.shutdown()
    }

    @Test func backoffDoublesUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .milliseconds(1000))
        #expect((1...6).map { policy.bound(afterAttempt: $0) } == [100, 200, 400, 800, 1000, 1000].map { .milliseconds($0) })
        #expect(policy.bound(afterAttempt: 200) == .milliseconds(1000))
        #expect(policy.retries(afterAttempt: 9))
        #expect(!policy.retries(afterAttempt: 10))
    }

    /// Each jitter draws its wait from its own range below the bound.
    @Test(arguments: [
        (RetryPolicy.Jitter.none, 1.0, 1.0), (.full, 0.0, 1.0), (.half, 0.5, 1.0),
    ])
    func jitterDrawsWithinItsRange(_ jitter: RetryPolicy.Jitter, _ low: Double, _ high: Double) {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .milliseconds(1000), jitter: jitter)
        for attempt in 1...6 {
            let bound = Double(policy.bound(afterAttempt: attempt).milliseconds)
            for _ in 0..<50 {
                let delay = Double(policy.delay(afterAttempt: attempt).milliseconds)
                #expect(delay >= (bound * low).rounded(.down), "attempt \(attempt)")
                #expect(delay <= bound * high, "attempt \(attempt)")
            }
        }
    }
}

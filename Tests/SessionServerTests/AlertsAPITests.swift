import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import NIOCore
import SessionCore
import SessionKit
import SessionServer
import SessionStoreSQLite
import Synchronization
import TestSupport
import Testing

/// A webhook receiver on loopback that answers 500 to the first `failures` posts, then 200.
final class WebhookReceiver: Sendable {
    let failures: Int
    private let state = Mutex<(attempts: Int, bodies: [JSONValue])>((0, []))
    /// The bodies answered 200, as they arrive.
    let delivered: AsyncStream<JSONValue>
    private let deliver: AsyncStream<JSONValue>.Continuation

    init(failures: Int) {
        self.failures = failures
        (delivered, deliver) = AsyncStream.makeStream(of: JSONValue.self)
    }

    var attempts: Int { state.withLock { $0.attempts } }
    var bodies: [JSONValue] { state.withLock { $0.bodies } }

    func receive(_ body: JSONValue) -> HTTPResponse.Status {
        let status: HTTPResponse.Status = state.withLock { state in
            state.attempts += 1
            if state.attempts <= failures { return .internalServerError }
            state.bodies.append(body)
            return .ok
        }
        if status == .ok { deliver.yield(body) }
        return status
    }

    static func withReceiver<T: Sendable>(failures: Int, _ body: @Sendable (WebhookReceiver, Int) async throws -> T) async throws -> T {
        let receiver = WebhookReceiver(failures: failures)
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            return Response(status: receiver.receive(try JSONParser.parse(Array(buffer: bytes))))
        }
        return try await LoopbackServer.with(router) { port in try await body(receiver, port) }
    }
}

@Suite struct AlertsAPITests {
    @Test(.timeLimit(.minutes(1)))
    func webhookDeliveryGivesUpAfterItsAttempts() async throws {
        try await WebhookReceiver.withReceiver(failures: 1000) { receiver, hookPort in
            var hooks = AlertWebhooks.Configuration(urls: ["http://127.0.0.1:\(hookPort)/hook"])
            hooks.retry.maxAttempts = 3
            hooks.retry.baseDelay = .milliseconds(5)
            let waits = Mutex<[Duration]>([])
            hooks.sleep = { duration in waits.withLock { $0.append(duration) } }
            let logs = InMemoryLogHandler()
            let webhooks = AlertWebhooks(configuration: hooks, logger: logs.logger("sessiond.alerts.webhooks", level: .debug))
            let sender = Task { try await webhooks.run() }
            defer { sender.cancel() }
            webhooks.enqueue(
                Alert(
                    id: UUID(), rule: "SessiondFailureRateHigh", severity: .warning, summary: "test", value: 0.5, threshold: 0.2,
                    startedAt: Timestamp(milliseconds: 1_790_000_000_000)))
            // Only the sender's log line tells that it gave up: wait for it on real time. The bound is
            // generous: on two cores under the whole suite the sender can wait seconds for a thread.
            let gaveUp = await eventually(timeout: .seconds(45)) { logs.entries.contains { $0.message == "alert webhook delivery gave up" } }
            #expect(gaveUp)
            #expect(receiver.attempts == 3)
            // Two waits, drawn between half and all of 5 ms and then 10 ms.
            let slept = waits.withLock { $0 }
            #expect(slept.count == 2)
            #expect(slept.first.map { (Duration.milliseconds(2)...Duration.milliseconds(5)).contains($0) } == true)
            #expect(slept.last.map { (Duration.milliseconds(5)...Duration.milliseconds(10)).contains($0) } == true)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func failureRateAlertIsStoredListedStreamedPostedAndResolved() async throws {
        try await WebhookReceiver.withReceiver(failures: 1) { receiver, hookPort in
            let clock = ManualClock()
            var configuration = SessionServerConfiguration()
            var engine = SessionManager.Configuration()
            engine.metrics = EngineMetrics(factory: configuration.metrics.factory)
            try await withTemporaryEngine(clock: clock, configuration: engine) { manager, _ in
                configuration.port = 0
                configuration.streamPollInterval = .milliseconds(50)
                let feed = configuration.alertFeed

                var hooks = AlertWebhooks.Configuration(urls: ["http://127.0.0.1:\(hookPort)/hook"])
                hooks.retry.baseDelay = .milliseconds(20)
                let webhooks = AlertWebhooks(configuration: hooks)
                var rules = AlertEvaluator<ContinuousClock>.Configuration()
                rules.rules = [.failureRateHigh]  // resource rules depend on the machine running the test
                let evaluator = AlertEvaluator(manager: manager, configuration: rules, feed: feed, deliver: webhooks.enqueue)

                let app = buildApplication(manager: manager, configuration: configuration)
                try await app.test(.live) { client in
                    let sender = Task { try await webhooks.run() }
                    defer { sender.cancel() }
                    let port = try #require(client.port)

                    // A stream open before the alert fires.
                    let streamed = Mutex<[SSEReader.Message]>([])
                    let (opens, open) = AsyncStream.makeStream(of: Void.self)
                    let stream = Task {
                        defer { open.finish() }
                        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/stream"), timeout: .seconds(30))
                        var reader = SSEReader()
                        for try await chunk in response.body {
                            let messages = reader.feed(String(buffer: chunk)).filter { $0.event?.hasPrefix("alert.") == true }
                            open.yield()
                            streamed.withLock { $0 += messages }
                            if streamed.withLock({ $0.count >= 2 }) { break }
                        }
                    }
                    defer { stream.cancel() }
                    var opened = opens.makeAsyncIterator()
                    let isOpen = await opened.next() != nil
                    #expect(isOpen, "the stream did not open")
                    var deliveries = receiver.delivered.makeAsyncIterator()

                    // 3 of 10 sessions failed: 30 % > 20 %, with the minimum of 10 ended.
                    for index in 0..<10 {
                        let session = try await manager.create(SessionSpec(application: "agent", userID: "alice"))
                        _ = try await (index < 3 ? manager.fail(session.id) : manager.end(session.id))
                    }
                    let fired = try await evaluator.evaluate()
                    #expect(fired.map(\.state) == [.firing])
                    #expect(fired.first?.rule == "SessiondFailureRateHigh")
                    #expect(try await evaluator.evaluate().isEmpty, "a firing alert fires once")
                    let firingGauge = #"sessiond_alerts_firing{rule="SessiondFailureRateHigh"}"#
                    #expect(MetricsTests.value(try await MetricsTests.scrape(client), firingGauge) == 1)

                    let listed = try await client.send(.get, "/v1/alerts?state=firing")
                    #expect(listed.status == .ok)
                    let alerts = try #require(try listed.json()["alerts"]?.arrayValue)
                    #expect(alerts.count == 1)
                    let alert = try #require(alerts.first?.objectValue)
                    #expect(Set(alert.keys) == ["id", "rule", "severity", "state", "summary", "value", "threshold", "started_at", "resolved_at"])
                    #expect(alert["rule"] == "SessiondFailureRateHigh")
                    #expect(alert["severity"] == "warning")
                    #expect(alert["state"] == "firing")
                    #expect(alert["value"]?.doubleValue == 0.3)
                    #expect(alert["threshold"]?.doubleValue == 0.2)
                    #expect(alert["resolved_at"] == .null)
                    #expect(try await client.send(.get, "/v1/alerts?state=resolved").json()["alerts"] == [])

                    // The webhook answered 500 first: the sender tried again.
                    _ = await deliveries.next()
                    #expect(receiver.bodies.count == 1)
                    #expect(receiver.attempts == 2)
                    #expect(receiver.bodies.first?["state"] == "firing")
                    #expect(receiver.bodies.first?["alert"]?["id"] == alert["id"])

                    // Sessions succeed again: the failures leave the 15 min window.
                    clock.advance(by: .seconds(16 * 60))
                    for _ in 0..<10 {
                        let session = try await manager.create(SessionSpec(application: "agent", userID: "alice"))
                        _ = try await manager.end(session.id)
                    }
                    let resolved = try await evaluator.evaluate()
                    #expect(resolved.map(\.state) == [.resolved])
                    #expect(resolved.first?.id.lowercased == alert["id"]?.stringValue)
                    #expect(try await evaluator.evaluate().isEmpty, "a resolved alert resolves once")
                    #expect(MetricsTests.value(try await MetricsTests.scrape(client), firingGauge) == 0)
                    let after = try await client.send(.get, "/v1/alerts?state=resolved").json()["alerts"]?.arrayValue ?? []
                    #expect(after.first?["resolved_at"] == .string(clock.now().iso8601))
                    #expect(try await client.send(.get, "/v1/alerts?state=firing").json()["alerts"] == [])

                    _ = await deliveries.next()
                    #expect(receiver.bodies.count == 2)
                    #expect(receiver.bodies.last?["state"] == "resolved")

                    try await stream.value  // it ends after the second alert message
                    let messages = streamed.withLock { $0 }
                    #expect(messages.map(\.event) == ["alert.firing", "alert.resolved"])
                    #expect(messages.allSatisfy { $0.id == nil })
                    let data = try JSONParser.parse(try #require(messages.first?.data))
                    #expect(data["alert"]?["id"] == alert["id"])
                    #expect(data["state"] == "firing")
                }
            }
        }
    }

    @Test func alertsQueryIsChecked() async throws {
        try await ServerFixture.withServer(.router) { client, _ in
            let empty = try await client.send(.get, "/v1/alerts").json()
            #expect(empty["alerts"] == [])
            for query in ["state=open", "limit=0", "before=x"] {
                let response = try await client.send(.get, "/v1/alerts?\(query)")
                #expect(response.status == .badRequest)
                #expect(response.problemCode == "invalid_argument")
            }
        }
    }
}

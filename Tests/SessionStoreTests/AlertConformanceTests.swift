import Foundation
import SessionCore
import SessionStore
import Testing

@Suite struct AlertConformanceTests {
    static func alert(_ rule: String, key: String = "", at ms: Int64) -> Alert {
        Alert(
            id: UUID.v7(at: Timestamp(milliseconds: ms)), rule: rule, key: key, severity: .warning, summary: "summary of \(rule)", value: 0.5,
            threshold: 0.2, startedAt: Timestamp(milliseconds: ms), labels: key.isEmpty ? [:] : ["application": key])
    }

    @Test(arguments: StoreBackend.available)
    func alertFiresOnceResolvesOnceAndListsNewestFirst(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let alerts = store
            let first = Self.alert("SessiondFailureRateHigh", at: 1_000)
            #expect(try await alerts.recordFiring(first))
            // A second firing alert of the same rule and subject is refused by the store.
            #expect(try await !alerts.recordFiring(Self.alert("SessiondFailureRateHigh", at: 2_000)))
            let anomaly = Self.alert("SessiondSessionDurationAnomaly", key: "agent", at: 3_000)
            #expect(try await alerts.recordFiring(anomaly))
            #expect(try await alerts.recordFiring(Self.alert("SessiondSessionDurationAnomaly", key: "ide", at: 4_000)))

            let firing = try await alerts.alerts(state: .firing, before: nil, limit: 10)
            #expect(firing.map(\.rule) == ["SessiondSessionDurationAnomaly", "SessiondSessionDurationAnomaly", "SessiondFailureRateHigh"])
            #expect(firing[1] == anomaly)

            let resolved = try #require(try await alerts.resolveAlert(id: first.id, at: Timestamp(milliseconds: 5_000)))
            #expect(resolved.state == .resolved)
            #expect(resolved.resolvedAt == Timestamp(milliseconds: 5_000))
            #expect(resolved.summary == first.summary)
            #expect(try await alerts.resolveAlert(id: first.id, at: Timestamp(milliseconds: 6_000)) == nil)

            // Once resolved, the rule may fire again.
            let again = Self.alert("SessiondFailureRateHigh", at: 7_000)
            #expect(try await alerts.recordFiring(again))
            #expect(try await alerts.alerts(state: .resolved, before: nil, limit: 10).map(\.id) == [first.id])
            let all = try await alerts.alerts(state: nil, before: nil, limit: 2)
            #expect(all.map(\.id) == [again.id, firing[0].id])
            let next = try await alerts.alerts(state: nil, before: all.last?.id, limit: 10)
            #expect(next.map(\.id) == [anomaly.id, first.id])
            await #expect(throws: SessionError.self) { try await alerts.alerts(state: nil, before: nil, limit: 0) }
        }
    }

    @Test(arguments: StoreBackend.available)
    func alertLeaseRunsTheBody(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let alerts = store
            #expect(try await alerts.withAlertLease { 42 } == 42)
            if backend == .postgres {
                // While one evaluation holds the lease, another is refused.
                let nested = try await alerts.withAlertLease { try await alerts.withAlertLease { 1 } }
                #expect(nested == .some(nil))
            }
            #expect(try await alerts.withAlertLease { 7 } == 7)
        }
    }
}

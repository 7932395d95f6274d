import SessionCore
import SessionKit
import SessionStore
import TestSupport
import Testing

@Suite struct ObservationConformanceTests {
    @Test(arguments: StoreBackend.available)
    func observationCountsLiveSessionsByStatusAndApplication(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let a1 = try await manager.create(.stub(app: "agent"))
            _ = try await manager.create(.stub(app: "agent"))
            let ide = try await manager.create(.stub(app: "ide"))
            _ = try await manager.suspend(ide.id)
            let done = try await manager.create(.stub(app: "cli"))
            _ = try await manager.end(done.id)
            _ = try await manager.append(a1.id, [NewEvent(type: "note")])

            let observation = try await manager.store.observe()
            let counts = Dictionary(uniqueKeysWithValues: observation.live.map { ("\($0.status.rawValue)/\($0.application)", $0.count) })
            #expect(counts == ["active/agent": 2, "suspended/ide": 1])
            #expect((observation.databaseBytes ?? 0) > 0)
            #expect(manager.store.backend == backend.rawValue)
            if backend == .sqlite {
                #expect((observation.diskTotalBytes ?? 0) >= (observation.diskFreeBytes ?? -1))
            } else {
                #expect(observation.diskFreeBytes == nil)
            }
        }
    }
}

@Suite struct AnalyticsConformanceTests {
    @Test(arguments: StoreBackend.available)
    func analyticsReadsSessionsTouchingTheRangeAndTheirEventTypes(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let old = try await manager.create(.stub(app: "agent", user: "alice"))
            _ = try await manager.end(old.id)
            clock.advance(by: .seconds(3600))
            let from = clock.now()
            let live = try await manager.create(.stub(app: "ide", user: "bob"))
            _ = try await manager.append(live.id, [NewEvent(type: "tool.call"), NewEvent(type: "tool.call"), NewEvent(type: "error")])
            clock.advance(by: .seconds(1))
            let ended = try await manager.create(.stub(app: "agent", user: "alice"))
            _ = try await manager.end(ended.id)
            clock.advance(by: .seconds(1))
            let store = manager.store

            let sessions = try await store.analyticsSessions(from: from, until: clock.now(), userID: nil, limit: 10)
            #expect(sessions.map(\.id) == [ended.id, live.id])  // newest first; `old` ended before `from`
            #expect(sessions.last?.application == "ide")
            #expect(sessions.last?.status == .active)
            #expect(sessions.last?.userID == "bob")
            #expect(sessions.first?.outcome == .ok)
            #expect(sessions.first?.endedAt != nil)
            #expect(try await store.analyticsSessions(from: from, until: clock.now(), userID: "alice", limit: 10).map(\.id) == [ended.id])
            #expect(try await store.analyticsSessions(from: from, until: clock.now(), userID: nil, limit: 1).count == 1)

            let types = try await store.eventTypeCounts(sessionIDs: [live.id, ended.id])
            #expect(types[live.id] == ["tool.call": 2, "error": 1])
            #expect(types[ended.id] == nil)
        }
    }
}

@Suite struct ActivityFilterConformanceTests {
    /// Plain appends may leave the session row's `last_activity_at` behind (SQLite checkpoints
    /// it every 32 events); the activity filters still see every append.
    @Test(arguments: StoreBackend.available)
    func activityFiltersSeeTheLatestAppends(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let session = try await manager.create(.stub())
            _ = try await manager.append(session.id, [NewEvent(type: "a")])
            clock.advance(by: .seconds(600))
            let later = clock.now()
            _ = try await manager.append(session.id, [NewEvent(type: "b")])
            _ = try await manager.append(session.id, [NewEvent(type: "c")])
            #expect(try await manager.session(session.id).lastActivityAt == later)

            let since = try await manager.sessions(SessionQuery(activeFrom: later)).sessions.map(\.id)
            #expect(since == [session.id])
            let before = try await manager.sessions(SessionQuery(activeUntil: later)).sessions.map(\.id)
            #expect(before.isEmpty)
            let beforeLater = try await manager.sessions(SessionQuery(activeUntil: Timestamp(milliseconds: later.milliseconds + 1))).sessions
            #expect(beforeLater.map(\.id) == [session.id])
        }
    }
}

@Suite struct LatestPositionConformanceTests {
    @Test(arguments: StoreBackend.available)
    func latestPositionIsTheNewestEventsPosition(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            #expect(try await manager.store.latestPosition() == 0)
            let session = try await manager.create(.stub())
            let appended = try await manager.append(session.id, [NewEvent(type: "a"), NewEvent(type: "b")])
            #expect(try await manager.store.latestPosition() == appended.events.last?.position)
            let later = try await manager.store.events(afterPosition: try await manager.store.latestPosition(), matching: EventFilter(), limit: 10)
            #expect(later.isEmpty)
        }
    }
}

import Foundation
import SessionCore
import SessionKit
import SessionStore
import TestSupport
import Testing

/// The behaviour every backend must show, run on each of `StoreBackend.available`.
@Suite struct ConformanceTests {
    @Test(arguments: StoreBackend.available)
    func createdSessionLoadsBackUnchanged(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            var spec = SessionSpec.stub(labels: ["team": "core", "tier": "1"])
            spec.metadata = ["note": "hello", "n": 3, "pi": 3.25]
            spec.policy = SessionPolicy(idleAfter: .seconds(30), expireAfter: .seconds(600), maxDuration: .seconds(7200), heartbeatInterval: .seconds(10), closePolicy: .abandon)
            spec.projectKey = "example.com/team/repo"
            let created = try await manager.create(spec)
            let loaded = try await manager.session(created.id)
            #expect(loaded == created)
            #expect(loaded.status == .active)
            #expect(loaded.lastSeq == 2)  // session.created, session.state_changed
            let events = try await manager.events(created.id).events
            #expect(events.map(\.type) == ["session.created", "session.state_changed"])
        }
    }

    @Test(arguments: StoreBackend.available)
    func childInheritsContextAndCountsOnParent(_ backend: StoreBackend) async throws {
        try await backend.withEngine({ $0.maxDepth = 2 }) { manager, _ in
            let root = try await manager.create(.stub(context: ["a": 1, "b": ["c": 1]]))
            let child = try await manager.create(SessionSpec(context: ["b": ["d": 2]]), parentID: root.id)
            #expect(child.effectiveContext == ["a": 1, "b": ["c": 1, "d": 2]])
            #expect(child.context == ["b": ["d": 2]])
            #expect(child.rootID == root.id)
            #expect(child.depth == 1)
            #expect(child.userID == "alice")
            #expect(child.application == "test-app")
            #expect(try await manager.session(root.id).counters.children == 1)
            let grandchild = try await manager.create(SessionSpec(), parentID: child.id)
            #expect(grandchild.depth == 2)
            #expect(grandchild.rootID == root.id)
            let tooDeep = await #expect(throws: SessionError.self) { _ = try await manager.create(SessionSpec(), parentID: grandchild.id) }
            #expect(tooDeep?.code == .depthExceeded)
            #expect(try await manager.sessions(SessionQuery(rootID: root.id)).sessions.count == 3)
            let noParent = await #expect(throws: SessionError.self) { _ = try await manager.create(SessionSpec(), parentID: UUID.v7(at: Timestamp(milliseconds: 1))) }
            #expect(noParent?.code == .sessionNotFound)
        }
    }

    @Test(arguments: StoreBackend.available)
    func externalIDIsUniquePerApplication(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            _ = try await manager.create(.stub(app: "a", externalID: "x-1"))
            let duplicate = await #expect(throws: SessionError.self) { _ = try await manager.create(.stub(app: "a", externalID: "x-1")) }
            #expect(duplicate?.code == .duplicateExternalID)
            _ = try await manager.create(.stub(app: "b", externalID: "x-1"))
            #expect(try await manager.store.session(application: "a", externalID: "x-1") != nil)
            #expect(try await manager.sessions(SessionQuery()).sessions.count == 2)
        }
    }

    @Test(arguments: StoreBackend.available)
    func appendsAreGapFreeAndFoldIntoState(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let s = try await manager.create(.stub())
            _ = try await manager.append(s.id, [NewEvent(type: "user.prompt", data: ["text": "hi"], stateDelta: ["mode": "plan", "files": ["a": 1]])])
            let batch = try await manager.append(
                s.id,
                [
                    NewEvent(type: "tool.call", data: ["tokens": 10, "cost_usd": 0.5], stateDelta: ["files": ["b": 2]]),
                    NewEvent(type: "error", data: ["message": "boom"], stateDelta: ["mode": nil]),
                ])
            #expect(batch.events.map(\.seq) == [4, 5])
            let session = try await manager.session(s.id)
            #expect(session.state == ["files": ["a": 1, "b": 2]])
            #expect(session.counters.events == 3)
            #expect(session.counters.errors == 1)
            #expect(session.counters.toolCalls == 1)
            #expect(session.counters.tokens == 10)
            let events = try await manager.events(s.id).events
            #expect(events.map(\.seq) == Array(1...5))
            #expect(zip(events, events.dropFirst()).allSatisfy { $0.position < $1.position })
            #expect(try await manager.events(s.id, afterSeq: 2, limit: 2).events.map(\.seq) == [3, 4])
            #expect(try await manager.events(s.id, types: ["error"]).events.map(\.seq) == [5])
            #expect(try await manager.verify(s.id).isIntact)
        }
    }

    @Test(arguments: StoreBackend.available)
    func storedSessionMatchesTheEngineAfterEveryAppend(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            // The stored session after each append is the one fold of the stored events onto
            // the session before it: what the store wrote (a row, or events over a checkpoint)
            // is what the engine computed.
            var expected = try await manager.create(.stub())
            for i in 0..<100 {
                clock.advance(by: .milliseconds(7))
                let type = i % 10 == 0 ? "error" : (i % 3 == 0 ? "tool.call" : "note")
                let delta: JSONValue? = i % 2 == 0 ? ["k\(i % 5)": .int(Int64(i))] : nil
                let result = try await manager.append(expected.id, [NewEvent(type: type, data: ["tokens": .int(Int64(i))], stateDelta: delta)])
                let written = try await manager.store.events(expected.id, afterSeq: expected.lastSeq, limit: 1000, types: [])
                #expect(written == result.events, "after append \(i)")
                SessionTail.replay(written, onto: &expected)
                #expect(try await manager.store.session(expected.id) == expected, "after append \(i)")
                if i == 50 {
                    _ = try await manager.undo(expected.id)
                    expected = try await manager.session(expected.id)
                }
            }
            let s = expected
            let listed = try await manager.sessions(SessionQuery()).sessions.first
            #expect(listed == (try await manager.session(s.id)))
        }
    }

    @Test(arguments: StoreBackend.available)
    func eightConcurrentWritersNeitherLoseNorDuplicate(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let s = try await manager.create(.stub())
            let writers = 8, perWriter = 40
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    group.addTask {
                        for i in 0..<perWriter {
                            _ = try await manager.append(s.id, [NewEvent(type: "note", data: ["w": .int(Int64(w)), "i": .int(Int64(i))], stateDelta: ["w\(w)": .int(Int64(i))])])
                        }
                    }
                }
                try await group.waitForAll()
            }
            var all: [SessionEvent] = []
            var after: Int64 = 0
            while true {
                let page = try await manager.events(s.id, afterSeq: after, limit: 1000).events
                guard let last = page.last else { break }
                all += page
                after = last.seq
            }
            #expect(all.map(\.seq) == Array(1...Int64(all.count)))
            let notes = all.filter { $0.type == "note" }
            #expect(notes.count == writers * perWriter)
            #expect(Set(notes.map { "\($0.data["w"]!)-\($0.data["i"]!)" }).count == writers * perWriter)
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.position < $1.position })
            let session = try await manager.session(s.id)
            #expect(session.counters.events == Int64(writers * perWriter))
            #expect(session.state == .object(Dictionary(uniqueKeysWithValues: (0..<writers).map { ("w\($0)", JSONValue.int(Int64(perWriter - 1))) })))
            #expect(try await manager.verify(s.id).isIntact)
        }
    }

    @Test(arguments: StoreBackend.available)
    func staleExpectedSeqConflictsAndWritesNothing(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let s = try await manager.create(.stub())
            let ok = try await manager.append(s.id, [NewEvent(type: "a")], expectedSeq: 2)
            #expect(ok.events.first?.seq == 3)
            let conflict = await #expect(throws: SessionError.self) { _ = try await manager.append(s.id, [NewEvent(type: "b"), NewEvent(type: "c")], expectedSeq: 2) }
            #expect(conflict?.code == .sequenceConflict)
            #expect(try await manager.session(s.id).lastSeq == 3)
            #expect(try await manager.events(s.id, afterSeq: 3).events.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available)
    func idempotentRetryReturnsStoredEventsAndWritesNothing(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let s = try await manager.create(.stub())
            let first = try await manager.append(s.id, [NewEvent(type: "tool.call", data: ["n": 1], stateDelta: ["x": 1], idempotencyKey: "k1")])
            clock.advance(by: .seconds(1))
            let retry = try await manager.append(s.id, [NewEvent(type: "tool.call", data: ["n": 1], stateDelta: ["x": 1], idempotencyKey: "k1")], expectedSeq: 0)
            #expect(retry.events == first.events)
            #expect(retry.replayed == 1)
            let session = try await manager.session(s.id)
            #expect(session.lastSeq == 3)
            #expect(session.counters.events == 1)
            let reused = await #expect(throws: SessionError.self) { _ = try await manager.append(s.id, [NewEvent(type: "other", idempotencyKey: "k1")]) }
            #expect(reused?.code == .idempotencyKeyReused)
            // A batch mixing a stored key and a new event writes only the new one.
            let mixed = try await manager.append(s.id, [NewEvent(type: "tool.call", idempotencyKey: "k1"), NewEvent(type: "note", idempotencyKey: "k2")])
            #expect(mixed.events.map(\.seq) == [3, 4])
            #expect(mixed.replayed == 1)
        }
    }

    /// An append the engine refuses before writing anything, and the code it answers with.
    struct BadAppend: Sendable, CustomTestStringConvertible {
        var name: String
        var events: [NewEvent]
        var code: SessionError.Code

        var testDescription: String { "\(name): \(code)" }
    }

    static let badAppends: [BadAppend] = [
        BadAppend(name: "array state delta", events: [NewEvent(type: "a", stateDelta: [1, 2])], code: .invalidStateDelta),
        BadAppend(name: "string state delta", events: [NewEvent(type: "a", stateDelta: "text")], code: .invalidStateDelta),
        BadAppend(
            name: "data over 1 MiB", events: [NewEvent(type: "a", data: ["blob": .string(String(repeating: "x", count: (1 << 20) + 1))])],
            code: .payloadTooLarge),
        BadAppend(name: "1001 events", events: Array(repeating: NewEvent(type: "a"), count: 1001), code: .batchTooLarge),
        BadAppend(name: "no events", events: [], code: .invalidArgument),
        BadAppend(name: "engine event type", events: [NewEvent(type: "session.ended")], code: .invalidEventType),
        BadAppend(name: "type with a space", events: [NewEvent(type: "has space")], code: .invalidEventType),
        BadAppend(
            name: "bad delta after a good event", events: [NewEvent(type: "ok"), NewEvent(type: "a", stateDelta: 3)], code: .invalidStateDelta),
    ]

    @Test(arguments: StoreBackend.available, ConformanceTests.badAppends)
    func badInputGetsItsCodeAndWritesNothing(_ backend: StoreBackend, _ bad: BadAppend) async throws {
        try await backend.withEngine { manager, _ in
            let s = try await manager.create(.stub())
            let refused = await #expect(throws: SessionError.self) { _ = try await manager.append(s.id, bad.events) }
            #expect(refused?.code == bad.code)
            #expect(try await manager.session(s.id).lastSeq == 2)
        }
    }

    @Test(arguments: StoreBackend.available)
    func appendToAnUnknownSessionIsNotFound(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let unknown = await #expect(throws: SessionError.self) { _ = try await manager.append(UUID.v7(at: Timestamp(milliseconds: 5)), [NewEvent(type: "a")]) }
            #expect(unknown?.code == .sessionNotFound)
        }
    }

    @Test(arguments: StoreBackend.available)
    func endedSessionTakesNoEventsAndIllegalMovesFail(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let s = try await manager.create(.stub())
            let notSuspended = await #expect(throws: SessionError.self) { _ = try await manager.resume(s.id) }
            #expect(notSuspended?.code == .invalidTransition)
            clock.advance(by: .seconds(3))
            let ended = try await manager.end(s.id, reason: "done")
            #expect(ended.status == .completed)
            #expect(ended.outcome == .ok)
            #expect(ended.endReason == "done")
            #expect(ended.finalMetrics?.durationMs == 3000)
            let late = await #expect(throws: SessionError.self) { _ = try await manager.append(s.id, [NewEvent(type: "late")]) }
            #expect(late?.code == .sessionEnded)
            let endedTwice = await #expect(throws: SessionError.self) { _ = try await manager.end(s.id) }
            #expect(endedTwice?.code == .invalidTransition)
            let suspendedAfterEnd = await #expect(throws: SessionError.self) { _ = try await manager.suspend(s.id) }
            #expect(suspendedAfterEnd?.code == .invalidTransition)
            let types = try await manager.events(s.id).events.map(\.type)
            #expect(types.suffix(2) == ["session.state_changed", "session.ended"])
            #expect(try await manager.store.snapshot(s.id, atOrBefore: ended.lastSeq)?.seq == ended.lastSeq)
        }
    }

    @Test(arguments: StoreBackend.available)
    func stateAtAnySeqReadsOneSnapshotAndFewEvents(_ backend: StoreBackend) async throws {
        try await backend.withEngine({ $0.snapshotInterval = 16 }) { manager, _ in
            let s = try await manager.create(.stub())
            var expected: [Int64: JSONValue] = [2: .emptyObject]
            var state = JSONValue.emptyObject
            for i in 1...100 {
                let delta: JSONValue = i % 7 == 0 ? ["k\(i - 1)": nil] : ["k\(i)": .int(Int64(i)), "last": .int(Int64(i))]
                let result = try await manager.append(s.id, [NewEvent(type: "step", stateDelta: delta)])
                state = JSONMergePatch.apply(delta, to: state)
                expected[result.events[0].seq] = state
            }
            for seq in [Int64(2), 3, 17, 18, 50, 64, 65, 101, 102] {
                #expect(try await manager.state(s.id, atSeq: seq).state == expected[seq], "at seq \(seq)")
                let snapshot = try await manager.store.snapshot(s.id, atOrBefore: seq)
                #expect(seq - (snapshot?.seq ?? 0) < 16)
            }
            #expect(try await manager.state(s.id).state == state)
            let pastTheEnd = await #expect(throws: SessionError.self) { _ = try await manager.state(s.id, atSeq: 1000) }
            #expect(pastTheEnd?.code == .invalidArgument)
        }
    }

    @Test(arguments: StoreBackend.available)
    func undoAndRedoAppendInverseDeltas(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let s = try await manager.create(.stub())
            _ = try await manager.append(s.id, [NewEvent(type: "edit", stateDelta: ["title": "a", "tags": ["x": true]])])
            _ = try await manager.append(s.id, [NewEvent(type: "edit", stateDelta: ["title": "b", "tags": ["y": true]])])
            let undo = try await manager.undo(s.id)
            #expect(undo.type == "session.undo")
            #expect(undo.data["undone_seq"] == 4)
            #expect(try await manager.state(s.id).state == ["title": "a", "tags": ["x": true]])
            _ = try await manager.undo(s.id)
            #expect(try await manager.state(s.id).state == .emptyObject)
            let undoneAll = await #expect(throws: SessionError.self) { _ = try await manager.undo(s.id) }
            #expect(undoneAll?.code == .nothingToUndo)
            _ = try await manager.redo(s.id)
            #expect(try await manager.state(s.id).state == ["title": "a", "tags": ["x": true]])
            _ = try await manager.append(s.id, [NewEvent(type: "edit", stateDelta: ["title": "c"])])
            let redoAfterAppend = await #expect(throws: SessionError.self) { _ = try await manager.redo(s.id) }
            #expect(redoAfterAppend?.code == .nothingToRedo)
            // History is never rewritten: every step is an event, and time travel still sees the old states.
            #expect(try await manager.state(s.id, atSeq: 4).state == ["title": "b", "tags": ["x": true, "y": true]])
        }
    }

    @Test(arguments: StoreBackend.available)
    func endingAParentClosesItsChildrenPerPolicy(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let root = try await manager.create(.stub())
            var abandoning = SessionSpec()
            abandoning.policy.closePolicy = .abandon
            let childA = try await manager.create(abandoning, parentID: root.id)
            let grandchild = try await manager.create(SessionSpec(), parentID: childA.id)
            let childB = try await manager.create(SessionSpec(), parentID: root.id)
            let grandchildB = try await manager.create(SessionSpec(), parentID: childB.id)
            _ = try await manager.end(childB.id)
            #expect(try await manager.session(grandchildB.id).endReason == "parent_closed")
            clock.advance(by: .seconds(1))
            _ = try await manager.end(root.id)
            let a = try await manager.session(childA.id)
            #expect(a.status == .terminated)
            #expect(a.endReason == "parent_closed")
            #expect(a.outcome == .abandoned)
            #expect(try await manager.session(grandchild.id).status == .active)  // A's policy: abandon
            #expect(try await manager.session(childB.id).status == .completed)
            let tree = try await manager.tree(root.id)
            #expect(tree.metrics.sessions == 5)
            #expect(tree.metrics.byStatus == [.completed: 2, .terminated: 2, .active: 1])
            #expect(tree.descendants.count == 4)
            #expect(try await manager.session(root.id).finalMetrics?.children == 2)
        }
    }

    @Test(arguments: StoreBackend.available)
    func sweeperIdlesWarnsAndExpiresOnTheInjectedClock(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let s = try await manager.create(.stub(policy: SessionPolicy(idleAfter: .seconds(10), expireAfter: .seconds(100))))
            _ = try await manager.append(s.id, [NewEvent(type: "a", stateDelta: ["k": 1])])
            #expect(try await manager.sweep().checked == 0)
            clock.advance(by: .seconds(11))
            var report = try await manager.sweep()
            #expect(report.idled == 1)
            let idle = try await manager.session(s.id)
            #expect(idle.status == .idle)
            #expect(try await manager.store.snapshot(s.id, atOrBefore: idle.lastSeq)?.seq == idle.lastSeq)
            clock.advance(by: .seconds(40))  // 51 s quiet: past 50 %
            report = try await manager.sweep()
            #expect(report.warned == 1)
            #expect(try await manager.sweep() == SessionManager.SweepReport())  // idempotent
            clock.advance(by: .seconds(45))  // 96 s: past 80 % and 95 %: one warning for the latest point
            #expect(try await manager.sweep().warned == 1)
            let warnings = try await manager.events(s.id, types: ["session.timeout_warning"]).events
            #expect(warnings.map { $0.data["fraction"] } == [0.5, 0.95])
            clock.advance(by: .seconds(5))
            #expect(try await manager.sweep().expired == 1)
            let expired = try await manager.session(s.id)
            #expect(expired.status == .expired)
            #expect(expired.endReason == "idle_timeout")
            #expect(expired.outcome == .abandoned)
            #expect(try await manager.sweep().checked == 0)
        }
    }

    @Test(arguments: StoreBackend.available)
    func activityRevivesIdleAndHeartbeatsKeepAlive(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let policy = SessionPolicy(idleAfter: .seconds(10), expireAfter: .seconds(60), heartbeatInterval: .seconds(5))
            let s = try await manager.create(.stub(policy: policy))
            clock.advance(by: .seconds(11))
            try await manager.heartbeat(s.id)
            _ = try await manager.sweep()
            #expect(try await manager.session(s.id).status == .idle)  // heartbeats are not activity
            _ = try await manager.append(s.id, [NewEvent(type: "back")])
            #expect(try await manager.session(s.id).status == .active)
            clock.advance(by: .seconds(14))
            _ = try await manager.sweep()
            #expect(try await manager.session(s.id).status == .idle)
            clock.advance(by: .seconds(1))  // 15 s = three missed heartbeats
            _ = try await manager.sweep()
            let lost = try await manager.session(s.id)
            #expect(lost.status == .failed)
            #expect(lost.endReason == "heartbeat_lost")
            #expect(lost.outcome == .crashed)
        }
    }

    @Test(arguments: StoreBackend.available)
    func recoverReattachesLiveAndFailsStale(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let s = try await manager.create(.stub(policy: SessionPolicy(idleAfter: .seconds(10), expireAfter: .seconds(60))))
            _ = try await manager.append(s.id, [NewEvent(type: "a", stateDelta: ["k": 1])])
            try await manager.suspend(s.id)
            let recovered = try await manager.recover(s.id)
            #expect(recovered.session.status == .active)
            #expect(recovered.state == ["k": 1])
            #expect(recovered.recentEvents.last?.type == "session.recovered")
            #expect(recovered.context == ["project": ["cwd": "/work"]])
            clock.advance(by: .seconds(61))
            let staleRecovery = await #expect(throws: SessionError.self) { _ = try await manager.recover(s.id) }
            #expect(staleRecovery?.code == .sessionStale)
            let stale = try await manager.session(s.id)
            #expect(stale.status == .failed)
            #expect(stale.endReason == "timeout")
            let recoveredAgain = await #expect(throws: SessionError.self) { _ = try await manager.recover(s.id) }
            #expect(recoveredAgain?.code == .invalidTransition)
        }
    }

    @Test(arguments: StoreBackend.available)
    func listingFiltersAndPagesWithACursor(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            var ids: [UUID] = []
            for i in 0..<7 {
                var spec = SessionSpec.stub(app: i % 2 == 0 ? "editor" : "agent", user: i < 4 ? "alice" : "bob", labels: ["n": "\(i)", "kind": i % 3 == 0 ? "x" : "y"])
                spec.projectKey = i == 0 ? "example.com/a/b" : nil
                ids.append(try await manager.create(spec).id)
                clock.advance(by: .seconds(1))
            }
            _ = try await manager.end(ids[1])
            func count(_ q: SessionQuery) async throws -> Int { try await manager.sessions(q).sessions.count }
            #expect(try await count(SessionQuery(userID: "alice")) == 4)
            #expect(try await count(SessionQuery(application: "agent")) == 3)
            #expect(try await count(SessionQuery(projectKey: "example.com/a/b")) == 1)
            #expect(try await count(SessionQuery(statuses: [.completed])) == 1)
            #expect(try await count(SessionQuery(labels: ["kind": "x"])) == 3)
            #expect(try await count(SessionQuery(labels: ["kind": "x", "n": "3"])) == 1)
            let start = ManualClock.defaultStart.adding(.seconds(2))
            #expect(try await count(SessionQuery(createdFrom: start)) == 5)
            #expect(try await count(SessionQuery(createdFrom: start, createdUntil: start.adding(.seconds(2)))) == 2)
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await manager.sessions(SessionQuery(limit: 3, cursor: cursor))
                seen += page.sessions.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == ids.reversed())
            let zeroLimit = await #expect(throws: SessionError.self) { _ = try await manager.sessions(SessionQuery(limit: 0)) }
            #expect(zeroLimit?.code == .invalidArgument)
            let badCursor = await #expect(throws: SessionError.self) { _ = try await manager.sessions(SessionQuery(cursor: "nope")) }
            #expect(badCursor?.code == .invalidArgument)
        }
    }
}

@Suite struct ShutdownSnapshotTests {
    @Test(arguments: StoreBackend.available)
    func liveSessionsAreSnapshottedOnShutdown(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let live = try await manager.create(.stub())
            _ = try await manager.append(live.id, [NewEvent(type: "a", stateDelta: ["k": 1]), NewEvent(type: "b")])
            let ended = try await manager.create(.stub())
            _ = try await manager.end(ended.id)
            #expect(try await manager.snapshotLiveSessions() == 1)
            let snapshot = try await manager.store.snapshot(live.id, atOrBefore: 100)
            #expect(snapshot?.seq == 4)
            #expect(snapshot?.state == ["k": 1])
            #expect(try await manager.snapshotLiveSessions() == 0)  // nothing newer to snapshot
            #expect(try await manager.session(live.id).lastSeq == 4)
        }
    }
}

@Suite struct StatsConformanceTests {
    @Test(arguments: StoreBackend.available)
    func statsCountStatusesOutcomesAndDurations(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, clock in
            let a = try await manager.create(.stub(app: "agent", user: "alice"))
            let b = try await manager.create(.stub(app: "agent", user: "bob"))
            let c = try await manager.create(.stub(app: "ide", user: "alice"))
            _ = try await manager.create(.stub(app: "ide", user: "alice"))
            clock.advance(by: .seconds(10))
            _ = try await manager.end(a.id)
            clock.advance(by: .seconds(20))
            _ = try await manager.fail(b.id)
            _ = try await manager.suspend(c.id)
            let all = try await manager.store.stats(userID: nil, durationSample: 100)
            #expect(all.byStatus == [.completed: 1, .failed: 1, .suspended: 1, .active: 1])
            #expect(all.liveByApplication == ["ide": 2])
            #expect(all.byOutcome == [.ok: 1, .errored: 1])
            #expect(all.recentDurationsMs.sorted() == [10_000, 30_000])
            let alice = try await manager.store.stats(userID: "alice", durationSample: 100)
            #expect(alice.byStatus == [.completed: 1, .suspended: 1, .active: 1])
            #expect(alice.byOutcome == [.ok: 1])
            let json = all.json
            #expect(json["live"] == 2)
            #expect(json["outcome_rates"]?["ok"] == 0.5)
            #expect(json["durations_ms"]?["p99"] == 30_000)
        }
    }
}

import Foundation
import SessionCore
import Testing

struct SessionTailTests {
    /// Client appends on an active session, without snapshots: the kind a store may write as event rows alone.
    static func lightAppends(onto checkpoint: Session) throws -> (session: Session, changes: [SessionChange]) {
        var session = checkpoint
        var changes: [SessionChange] = []
        for n in 1...4 {
            var builder = SessionChangeBuilder.stub(session, now: T.sec(Int64(n)), snapshotInterval: 100_000, seed: UInt64(n))
            let batch: [NewEvent] =
                (0..<40).map { NewEvent(type: "cmd", stateDelta: ["n": .int(Int64($0)), "batch": .int(Int64(n))]) } + [
                    NewEvent(type: "tool.call", data: ["tokens": 3, "cost_usd": 0.25]),
                    NewEvent(type: "tool.error", data: ["usage": ["input_tokens": 1, "output_tokens": 2]]),
                    NewEvent(type: "note", stateDelta: ["n": nil], idempotencyKey: "key-\(n)"),
                ]
            try builder.append(batch, expectedSeq: session.lastSeq, existing: [:])
            changes.append(builder.build())
            session = builder.session
        }
        return (session, changes)
    }

    @Test func replayRebuildsWhatAppendComputed() throws {
        let checkpoint = Session.stub(status: .active, warningsSent: 2)
        let (session, changes) = try Self.lightAppends(onto: checkpoint)
        for change in changes {
            #expect(
                SessionTail.isLight(change, loaded: checkpoint, checkpointSeq: checkpoint.lastSeq, checkpointInterval: 1000)
            )
        }
        var rebuilt = checkpoint
        SessionTail.replay(changes.flatMap(\.events), onto: &rebuilt)
        #expect(rebuilt == session)
        #expect(rebuilt.tracking.undoStack.count == SessionTracking.historyLimit)
        #expect(rebuilt.counters.events == 4 * 43)
        #expect(rebuilt.tracking.warningsSent == 0)

        // Events at or before the row's last_seq are skipped: replaying again changes nothing.
        SessionTail.replay(changes.flatMap(\.events), onto: &rebuilt)
        #expect(rebuilt == session)
    }

    @Test func replayFromAnIntermediateRow() throws {
        let checkpoint = Session.stub(status: .active)
        let (session, changes) = try Self.lightAppends(onto: checkpoint)
        var rebuilt = changes[1].session
        SessionTail.replay(changes[2...].flatMap(\.events), onto: &rebuilt)
        #expect(rebuilt == session)
    }

    @Test func heavierChangesAreNotLight() throws {
        let checkpoint = Session.stub(status: .active)
        func change(_ body: (inout SessionChangeBuilder) throws -> Void, interval: Int64 = 100_000) throws -> SessionChange {
            var builder = SessionChangeBuilder.stub(checkpoint, now: T.sec(1), snapshotInterval: interval)
            try body(&builder)
            return builder.build()
        }
        func isLight(_ change: SessionChange, interval: Int64 = 1000) -> Bool {
            SessionTail.isLight(change, loaded: checkpoint, checkpointSeq: checkpoint.lastSeq, checkpointInterval: interval)
        }
        let plain = try change { try $0.append([NewEvent(type: "a")], expectedSeq: nil, existing: [:]) }
        #expect(isLight(plain))
        #expect(!isLight(plain, interval: 1), "the row is rewritten at least every interval")
        #expect(!isLight(try change { _ in }), "nothing to write")
        #expect(!isLight(try change({ try $0.append([NewEvent(type: "a")], expectedSeq: nil, existing: [:]) }, interval: 1)))
        #expect(!isLight(try change { try $0.transition(.suspend) }))
        #expect(!isLight(try change { try $0.transition(.end) }))
        #expect(!isLight(try change { _ = try $0.recover() }))
        var swept = try change { try $0.append([NewEvent(type: "a")], expectedSeq: nil, existing: [:]) }
        swept.checkpoint = true
        #expect(!isLight(swept))
        var withParent = plain
        withParent.parent = Session.stub(id: IDs.parent)
        #expect(!isLight(withParent))

        // A session that was idle becomes active: the status changes, so the row must be written.
        let idle = Session.stub(status: .idle)
        var builder = SessionChangeBuilder.stub(idle, now: T.sec(1))
        try builder.append([NewEvent(type: "a")], expectedSeq: nil, existing: [:])
        #expect(!SessionTail.isLight(builder.build(), loaded: idle, checkpointSeq: 0, checkpointInterval: 1000))
    }
}

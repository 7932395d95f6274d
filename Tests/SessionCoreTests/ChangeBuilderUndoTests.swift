import Foundation
import SessionCore
import Testing

struct ChangeBuilderUndoTests {
    /// Commands c1..c3 with states S0..S3; undo and redo walk back and forth.
    @Test func undoRedoRestoresStates() throws {
        let s0: JSONValue = ["keep": "x"]
        let deltas: [JSONValue] = [
            ["a": 1],
            ["a": 2, "b": ["c": 1]],
            ["b": ["c": nil, "d": true], "keep": nil],
        ]
        var session = Session.stub()
        session.state = s0
        var builder = SessionChangeBuilder.stub(session, now: T.sec(1))
        try builder.append([NewEvent(type: "cmd", stateDelta: deltas[0])], expectedSeq: 0, existing: [:])
        try builder.append([NewEvent(type: "note")], expectedSeq: 1, existing: [:])  // not a command
        try builder.append(deltas.dropFirst().map { NewEvent(type: "cmd", stateDelta: $0) }, expectedSeq: 2, existing: [:])
        var byseq = Dictionary(uniqueKeysWithValues: builder.events.map { ($0.seq, $0) })
        let s1: JSONValue = ["keep": "x", "a": 1]
        let s2: JSONValue = ["keep": "x", "a": 2, "b": ["c": 1]]
        let s3: JSONValue = ["a": 2, "b": ["d": true]]
        #expect(builder.session.state == s3)
        #expect(builder.session.tracking.undoStack == [1, 3, 4])

        func command(_ seq: Int64) throws -> SessionEvent { try #require(byseq[seq]) }
        func undo() throws {
            let top = try #require(builder.session.tracking.undoStack.last)
            try builder.undo(try command(top))
            byseq[builder.session.lastSeq] = builder.events.last
        }
        func redo() throws {
            let top = try #require(builder.session.tracking.redoStack.last)
            try builder.redo(try command(top))
            byseq[builder.session.lastSeq] = builder.events.last
        }

        try undo()
        #expect(builder.session.state == s2)
        #expect(builder.events.last?.type == "session.undo")
        #expect(builder.events.last?.data == ["undone_seq": 4])
        try undo()
        #expect(builder.session.state == s1)
        try redo()
        #expect(builder.session.state == s2)
        #expect(builder.events.last?.type == "session.redo")
        #expect(builder.events.last?.data == ["redone_seq": 3])
        try redo()
        #expect(builder.session.state == s3)
        try undo()
        try undo()
        try undo()
        #expect(builder.session.state == s0)
        #expect(builder.session.tracking.undoStack.isEmpty)
        #expect(builder.session.tracking.redoStack == [4, 3, 1])
        let error = #expect(throws: SessionError.self) { try builder.undo(try command(1)) }
        #expect(error?.code == .nothingToUndo)
        try redo()
        #expect(builder.session.state == s1)

        // A new command clears what could be redone.
        try builder.append([NewEvent(type: "cmd", stateDelta: ["z": 0])], expectedSeq: builder.session.lastSeq, existing: [:])
        #expect(builder.session.tracking.redoStack.isEmpty)
        let redoError = #expect(throws: SessionError.self) { try builder.redo(try command(3)) }
        #expect(redoError?.code == .nothingToRedo)

        // History is never rewritten: every undo and redo is an event on the chain, and the fold agrees.
        #expect(builder.session.state == fold(builder.events, from: s0))
        #expect(builder.events.map(\.seq) == Array(1...Int64(builder.events.count)))
        #expect(builder.session.counters.events == 5, "undo and redo are engine events")
        #expect(EventHash.verify(builder.events, after: EventHash.genesis, expectedSeq: 1).isIntact)
    }

    @Test func undoOnlyTheTopCommand() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        try builder.append(
            [NewEvent(type: "cmd", stateDelta: ["a": 1]), NewEvent(type: "cmd", stateDelta: ["a": 2])],
            expectedSeq: 0,
            existing: [:]
        )
        let error = #expect(throws: SessionError.self) { try builder.undo(builder.events[0]) }
        #expect(error?.code == .nothingToUndo)
        let noRedo = #expect(throws: SessionError.self) { try builder.redo(builder.events[1]) }
        #expect(noRedo?.code == .nothingToRedo)
    }

    @Test func undoOnIdleSessionIsActivity() throws {
        var first = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        try first.append([NewEvent(type: "cmd", stateDelta: ["a": 1])], expectedSeq: 0, existing: [:])
        let command = first.events[0]
        var idle = SessionChangeBuilder.stub(first.session, now: T.sec(400))
        try idle.sweep()
        #expect(idle.session.status == .idle)
        var builder = SessionChangeBuilder.stub(idle.session, now: T.sec(500))
        try builder.undo(command)
        #expect(builder.events.map(\.type) == ["session.state_changed", "session.undo"])
        #expect(builder.session.status == .active)
        #expect(builder.session.state == [:])
    }

    @Test func undoOnEndedSessionFails() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        try builder.append([NewEvent(type: "cmd", stateDelta: ["a": 1])], expectedSeq: 0, existing: [:])
        let command = builder.events[0]
        var session = builder.session
        session.status = .completed
        var ended = SessionChangeBuilder.stub(session, now: T.sec(2))
        let undoError = #expect(throws: SessionError.self) { try ended.undo(command) }
        #expect(undoError?.code == .sessionEnded)
        let error = #expect(throws: SessionError.self) { try ended.redo(command) }
        #expect(error?.code == .sessionEnded)
    }

    @Test func undoHistoryIsBounded() throws {
        var builder = SessionChangeBuilder.stub(Session.stub(), now: T.sec(1))
        let limit = SessionTracking.historyLimit
        try builder.append(
            (0..<(limit + 5)).map { NewEvent(type: "cmd", stateDelta: ["n": .int(Int64($0))]) },
            expectedSeq: 0,
            existing: [:]
        )
        #expect(builder.session.tracking.undoStack.count == limit)
        #expect(builder.session.tracking.undoStack.first == 6)
        #expect(builder.session.tracking.undoStack.last == Int64(limit + 5))
    }
}

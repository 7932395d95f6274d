import SessionClient
import SessionCore
import SessionKit
import Testing

/// One protocol, two sides: every lifecycle move through ``SessionOperations`` answers alike on
/// the engine in this process and on a server through ``SessionClient``.
@Suite struct SessionOperationsTests {
    enum Side: String, CaseIterable, CustomStringConvertible, Sendable {
        case embedded, remote
        var description: String { rawValue }
    }

    /// What a move leaves: the status, and the outcome once ended.
    static let expected: [SessionMove: (SessionStatus, SessionOutcome?)] = [
        .start: (.active, nil), .suspend: (.suspended, nil), .resume: (.active, nil),
        .end: (.completed, .ok), .fail: (.failed, .errored), .terminate: (.terminated, .abandoned),
    ]

    /// Runs `body` on a fresh server with both sides of it: its engine and a client.
    static func withSide<T>(_ side: Side, _ body: (any SessionOperations) async throws -> T) async throws -> T {
        try await LiveServer.with { server in
            let client = server.client()
            do {
                let result = try await body(side == .embedded ? server.manager : client)
                try await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    @Test(arguments: Side.allCases, SessionMove.allCases)
    func moveAnswersAlikeOnBothSides(_ side: Side, _ move: SessionMove) async throws {
        try await Self.withSide(side) { sessions in
            let session = try await sessions.create(SessionSpec(application: "tool", start: move != .start), parentID: nil)
            if move == .resume { try await sessions.suspend(session.id) }
            let reason: String? = move == .start ? nil : "because \(move)"
            let moved = try await sessions.transition(session.id, move, reason: reason)
            let (status, outcome) = try #require(Self.expected[move])
            #expect(moved.status == status)
            #expect(moved.outcome == outcome)
            #expect(moved.endReason == (outcome == nil ? nil : reason))
            #expect(try await sessions.session(session.id).status == status)
        }
    }

    @Test(arguments: Side.allCases)
    func anIllegalMoveFailsWithTheSameCode(_ side: Side) async throws {
        try await Self.withSide(side) { sessions in
            let session = try await sessions.create(SessionSpec(application: "tool"), parentID: nil)
            try await sessions.end(session.id)
            let code: String
            do {
                _ = try await sessions.resume(session.id)
                Issue.record("resuming an ended session succeeded")
                return
            } catch let error as SessionError {
                code = error.code.rawValue
            } catch let error as SessionClientError {
                code = error.code.rawValue
            }
            #expect(code == SessionError.Code.invalidTransition.rawValue)
        }
    }

    @Test(arguments: Side.allCases)
    func appendAndReadAnswerAlike(_ side: Side) async throws {
        try await Self.withSide(side) { sessions in
            let session = try await sessions.create(SessionSpec(application: "tool"), parentID: nil)
            let appended = try await sessions.append(
                session.id, [NewEvent(type: "edit", stateDelta: ["file": "a"]), NewEvent(type: "note")], expectedSeq: session.lastSeq)
            #expect(appended.events.map(\.type) == ["edit", "note"])
            #expect(appended.lastSeq == session.lastSeq + 2)
            #expect(appended.replayed == 0)
            let page = try await sessions.events(session.id, afterSeq: session.lastSeq, limit: 1, types: [])
            #expect(page.events.map(\.type) == ["edit"])
            #expect(page.nextAfterSeq == page.events.last?.seq)
            #expect(try await sessions.state(session.id, atSeq: nil).state == ["file": "a"])
        }
    }
}

import Foundation
import SessionCore
import Testing

/// ``SessionQuery`` and ``EventFilter`` as URL query items: what a client writes, the server reads.
@Suite struct QueryItemsTests {
    static let queries: [SessionQuery] = [
        SessionQuery(),
        SessionQuery(
            userID: "alice", application: "claude", projectKey: "github.com/acme/app", statuses: [.active, .idle, .completed],
            labels: ["team": "core", "env": "prod"], parentID: IDs.parent, rootID: IDs.session, createdFrom: T.t0,
            createdUntil: T.sec(60), activeFrom: T.at(1), activeUntil: T.at(-1), limit: 7, cursor: IDs.child.lowercased),
        SessionQuery(labels: ["k": "a=b", "empty": ""], limit: 1000),
        SessionQuery(userID: "ålice & bob=1", application: " ", statuses: SessionStatus.allCases, limit: 1),
        SessionQuery(createdFrom: Timestamp(milliseconds: 0), activeUntil: Timestamp(milliseconds: -5)),
    ]

    @Test(arguments: queries)
    func sessionQueryRoundTrips(_ query: SessionQuery) throws {
        #expect(try SessionQuery(queryItems: query.queryItems) == query)
    }

    @Test func sessionQueryReadsWhatPeopleType() throws {
        let query = try SessionQuery(queryItems: [
            ("status", "live"), ("status", "failed"), ("created_from", "2023-11-14T22:13:20Z"), ("user", "a"), ("user", "b"),
            ("unknown", "ignored"), ("label", "k=v"), ("parent", IDs.parent.uuidString),
        ])
        #expect(query.statuses == SessionStatus.live + [.failed])
        #expect(query.createdFrom == T.t0)
        #expect(query.userID == "a")
        #expect(query.labels == ["k": "v"])
        #expect(query.parentID == IDs.parent)
        #expect(query.limit == 100)
    }

    /// The codes the server answers for the same query (`GET /v1/sessions`).
    @Test(arguments: [
        ("limit", "abc", SessionError.Code.invalidArgument), ("limit", "0", .invalidArgument), ("limit", "1001", .invalidArgument),
        ("limit", "-1", .invalidArgument), ("status", "sleepy", .invalidArgument), ("status", "", .invalidArgument),
        ("label", "team", .invalidArgument), ("label", "=v", .invalidArgument), ("created_from", "yesterday", .invalidArgument),
        ("created_until", "2023-13-01T00:00:00Z", .invalidArgument), ("active_from", "", .invalidArgument),
        ("active_until", "1.5", .invalidArgument), ("cursor", "zzz", .invalidArgument), ("parent", "zzz", .sessionNotFound),
        ("root", "", .sessionNotFound),
    ])
    func sessionQueryRejectsBadValues(_ name: String, _ value: String, _ code: SessionError.Code) {
        let error = #expect(throws: SessionError.self) { try SessionQuery(queryItems: [("user", "u"), (name, value)]) }
        #expect(error?.code == code, "\(name)=\(value)")
    }

    static let filters: [EventFilter] = [
        EventFilter(),
        EventFilter(sessionID: IDs.session, userID: "alice", application: "claude", types: ["tool.call", "note"]),
        EventFilter(types: ["a", "a"]),
    ]

    @Test(arguments: filters)
    func eventFilterRoundTrips(_ filter: EventFilter) throws {
        #expect(try EventFilter(queryItems: filter.queryItems) == filter)
    }

    @Test func eventFilterRejectsABadSession() {
        let error = #expect(throws: SessionError.self) { try EventFilter(queryItems: [("session", "zzz")]) }
        #expect(error?.code == .invalidArgument)
    }
}

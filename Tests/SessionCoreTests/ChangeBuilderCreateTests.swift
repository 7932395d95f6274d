import Foundation
import SessionCore
import Testing

struct ChangeBuilderCreateTests {
    @Test func initialStateIsTheCreatedEventsDelta() throws {
        let state: JSONValue = ["user": ["name": "ada"], "turns": 0]
        let change = try createSession(spec: SessionSpec(application: "app", state: state))
        #expect(change.session.state == state)
        #expect(change.events[0].type == "session.created")
        #expect(change.events[0].stateDelta == state)
        #expect(change.events[0].inverseDelta == ["user": nil, "turns": nil])
        #expect(change.session.counters == SessionCounters(), "an engine event is not a client command")
    }

    @Test(arguments: [JSONValue.array([1]), .string("x"), .int(3)])
    func initialStateMustBeAnObject(_ state: JSONValue) {
        let error = #expect(throws: SessionError.self) { try createSession(spec: SessionSpec(application: "app", state: state)) }
        #expect(error?.code == .invalidStateDelta)
    }

    @Test func rootSessionStartsActive() throws {
        let spec = SessionSpec(
            application: "claude-code",
            userID: "alice",
            externalID: "ext-1",
            projectKey: "github.com/acme/app",
            context: ["project": ["cwd": "/src/app"]],
            labels: ["team": "core"]
        )
        let change = try createSession(spec: spec)
        let session = change.session
        #expect(session.id == IDs.session)
        #expect(session.rootID == IDs.session)
        #expect(session.parentID == nil)
        #expect(session.depth == 0)
        #expect(session.status == .active)
        #expect(session.application == "claude-code")
        #expect(session.userID == "alice")
        #expect(session.externalID == "ext-1")
        #expect(session.projectKey == "github.com/acme/app")
        #expect(session.effectiveContext == spec.context)
        #expect(session.createdAt == T.t0)
        #expect(session.lastSeq == 2)
        #expect(session.counters == SessionCounters(), "engine events are not counted")
        #expect(change.parent == nil)
        #expect(change.sessionChanged)
        #expect(!change.isEmpty)

        #expect(change.events.map(\.type) == ["session.created", "session.state_changed"])
        #expect(change.events.map(\.seq) == [1, 2])
        #expect(change.events.allSatisfy { $0.sessionID == IDs.session })
        #expect(change.events.allSatisfy { $0.time == T.t0 })
        let created = change.events[0].data
        #expect(created["application"] == "claude-code")
        #expect(created["user_id"] == "alice")
        #expect(created["external_id"] == "ext-1")
        #expect(created["project_key"] == "github.com/acme/app")
        #expect(created["labels"] == ["team": "core"])
        #expect(created["policy"] == SessionPolicy().json)
        #expect(created["parent_id"] == nil)
        #expect(change.events[1].data == ["from": "initializing", "to": "active", "trigger": "start"])
        #expect(session.lastHash == change.events[1].hash)
        #expect(EventHash.verify(change.events, after: EventHash.genesis, expectedSeq: 1).isIntact)
    }

    @Test func notStartedStaysInitializing() throws {
        let change = try createSession(spec: SessionSpec(application: "cli", start: false))
        #expect(change.session.status == .initializing)
        #expect(change.events.map(\.type) == ["session.created"])
    }

    @Test func applicationDefaultsToUnknown() throws {
        #expect(try createSession(spec: SessionSpec()).session.application == "unknown")
    }

    @Test func policyIsValidatedAndNormalised() throws {
        let spec = SessionSpec(policy: SessionPolicy(warnAt: [0.9, 0.5, 0.9]))
        #expect(try createSession(spec: spec).session.policy.warnAt == [0.5, 0.9])
        let bad = SessionSpec(policy: SessionPolicy(idleAfter: .zero))
        let error = #expect(throws: SessionError.self) { try createSession(spec: bad) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func idsAreReproducibleFromTheSeed() throws {
        let a = try createSession(seed: 9).events.map(\.id)
        let b = try createSession(seed: 9).events.map(\.id)
        let c = try createSession(seed: 10).events.map(\.id)
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a).count == a.count)
        #expect(a.allSatisfy { $0.v7Timestamp == T.t0 })
    }

    @Test func childInheritsContextWithItsOwnKeysOnTop() throws {
        let parentSpec = SessionSpec(
            application: "agent",
            userID: "alice",
            projectKey: "repo",
            context: [
                "project": ["cwd": "/src", "git": ["branch": "main", "dirty": false]],
                "user": ["name": "alice"],
            ]
        )
        let parent = try createSession(id: IDs.parent, spec: parentSpec).session
        let childSpec = SessionSpec(
            context: ["project": ["git": ["branch": "feature"]], "app": ["name": "sub-agent"]],
            labels: ["role": "worker"]
        )
        let change = try SessionChangeBuilder.create(
            id: IDs.child,
            spec: childSpec,
            parent: parent,
            now: T.sec(5),
            ids: .seeded(3)
        )
        let child = change.session
        #expect(child.parentID == IDs.parent)
        #expect(child.rootID == IDs.parent)
        #expect(child.depth == 1)
        #expect(child.userID == "alice")
        #expect(child.application == "agent")
        #expect(child.projectKey == "repo")
        #expect(child.context == childSpec.context, "the child's own context is kept as given")
        #expect(
            child.effectiveContext == [
                "project": ["cwd": "/src", "git": ["branch": "feature", "dirty": false]],
                "user": ["name": "alice"],
                "app": ["name": "sub-agent"],
            ]
        )
        #expect(change.events.first?.data["parent_id"] == .string(IDs.parent.lowercased))

        let updatedParent = try #require(change.parent)
        #expect(updatedParent.id == IDs.parent)
        #expect(updatedParent.counters.children == 1)
        #expect(updatedParent.updatedAt == T.sec(5))
        #expect(updatedParent.lastSeq == parent.lastSeq, "the parent gets no event")
    }

    @Test func childSpecOverridesWhoAndWhat() throws {
        let parent = try createSession(id: IDs.parent, spec: SessionSpec(application: "agent", userID: "alice")).session
        let spec = SessionSpec(application: "tool", userID: "bob", projectKey: "other")
        let child = try SessionChangeBuilder.create(id: IDs.child, spec: spec, parent: parent, now: T.t0, ids: .seeded(1))
            .session
        #expect(child.application == "tool")
        #expect(child.userID == "bob")
        #expect(child.projectKey == "other")
    }

    @Test func grandchildKeepsTheRoot() throws {
        let root = try createSession(id: IDs.parent, spec: SessionSpec(context: ["a": 1])).session
        let child = try SessionChangeBuilder.create(
            id: IDs.child,
            spec: SessionSpec(context: ["b": 2]),
            parent: root,
            now: T.t0,
            ids: .seeded(1)
        ).session
        let grandchild = try SessionChangeBuilder.create(
            id: IDs.session,
            spec: SessionSpec(context: ["a": 3]),
            parent: child,
            now: T.t0,
            ids: .seeded(2)
        ).session
        #expect(grandchild.rootID == IDs.parent)
        #expect(grandchild.parentID == IDs.child)
        #expect(grandchild.depth == 2)
        #expect(grandchild.effectiveContext == ["a": 3, "b": 2])
    }

    @Test(arguments: [
        (parentDepth: 15, maxDepth: 16, allowed: true),
        (parentDepth: 16, maxDepth: 16, allowed: false),
        (parentDepth: 0, maxDepth: 1, allowed: true),
        (parentDepth: 1, maxDepth: 1, allowed: false),
        (parentDepth: 0, maxDepth: 0, allowed: false),
    ])
    func depthLimit(parentDepth: Int, maxDepth: Int, allowed: Bool) throws {
        let parent = Session.stub(id: IDs.parent, depth: parentDepth)
        let create = { () throws(SessionError) -> SessionChange in
            try SessionChangeBuilder.create(
                id: IDs.child,
                spec: SessionSpec(),
                parent: parent,
                now: T.t0,
                maxDepth: maxDepth,
                ids: .seeded(1)
            )
        }
        if allowed {
            #expect(try create().session.depth == parentDepth + 1)
        } else {
            let error = #expect(throws: SessionError.self) { try create() }
            #expect(error?.code == .depthExceeded)
        }
    }

    @Test(arguments: SessionStatus.allCases)
    func parentMustBeLive(_ status: SessionStatus) throws {
        let parent = Session.stub(id: IDs.parent, status: status)
        let create = { () throws(SessionError) -> SessionChange in
            try SessionChangeBuilder.create(id: IDs.child, spec: SessionSpec(), parent: parent, now: T.t0, ids: .seeded(1))
        }
        if status.isLive {
            #expect(try create().parent?.counters.children == 1)
        } else {
            let error = #expect(throws: SessionError.self) { try create() }
            #expect(error?.code == .parentEnded)
        }
    }

    @Test func endedParentIsReportedBeforeDepth() {
        let parent = Session.stub(id: IDs.parent, status: .completed, depth: 16)
        let error = #expect(throws: SessionError.self) {
            try SessionChangeBuilder.create(id: IDs.child, spec: SessionSpec(), parent: parent, now: T.t0, ids: .seeded(1))
        }
        #expect(error?.code == .parentEnded)
    }

    @Test func parentCountsEveryChild() throws {
        var parent = try createSession(id: IDs.parent).session
        var ids = IDSource.seeded(5)
        for n in 1...3 {
            let change = try SessionChangeBuilder.create(
                id: ids.next(at: T.sec(Int64(n))),
                spec: SessionSpec(),
                parent: parent,
                now: T.sec(Int64(n)),
                ids: .seeded(UInt64(n))
            )
            parent = try #require(change.parent)
            #expect(parent.counters.children == Int64(n))
        }
    }
}

import ArgumentParser
import Foundation
import SessionClient
import SessionCore
import SessionKit
import SessionStore

struct ShowCommand: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one session, with its context and state.")

    @OptionGroup var target: SessionTarget

    func ask(_ sessions: any SessionOperations, _ id: UUID) async throws -> Session { try await sessions.session(id) }
    func show(_ found: Session) { Output.session(found, json: target.json) }
}

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List sessions, newest first.",
        discussion: "Prints one session per line; with more pages, the last line (text) or stderr (JSON) gives the --cursor for the next.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions
    @Option(help: "Only this user's sessions.") var user: String?
    @Option(help: "Only this application's.") var app: String?
    @Option(help: "Only this project's (git remote or root).") var project: String?
    @Option(help: "Only these statuses (repeatable), or `live`.") var status: [String] = []
    @Option(help: "Only sessions with label K=V (repeatable).") var label: [String] = []
    @Option(help: "Only children of this session (an id or application:external_id).") var parent: String?
    @Option(help: "Created at or after (RFC 3339 or milliseconds since the epoch).") var createdFrom: String?
    @Option(help: "Created before.") var createdUntil: String?
    @Option(help: "Last active at or after.") var activeFrom: String?
    @Option(help: "Last active before.") var activeUntil: String?
    @Option(help: "Page size, 1 to 1000.") var limit: Int = 100
    @Option(help: "Continue after a previous page.") var cursor: String?

    func run() async throws {
        try await CLIRunner.run {
            var query = SessionQuery(userID: user, application: app, projectKey: project, limit: limit, cursor: cursor)
            for s in status { query.statuses += try SessionStatus.filter(s) }
            query.labels = try CreateCommand.labels(label)
            let parentReference = try parent.map { text throws(SessionError) -> SessionReference in
                guard let reference = SessionReference(text) else {
                    throw SessionError(.invalidArgument, "'\(text)' is neither a session id nor application:external_id")
                }
                return reference
            }
            query.createdFrom = try createdFrom.map(TimeText.parse)
            query.createdUntil = try createdUntil.map(TimeText.parse)
            query.activeFrom = try activeFrom.map(TimeText.parse)
            query.activeUntil = try activeUntil.map(TimeText.parse)
            let unresolved = query
            let page = try await store.withSessions(remote) { sessions in
                var query = unresolved
                if let parentReference { query.parentID = try await sessions.id(of: parentReference) }
                return try await sessions.sessions(query)
            }
            for session in page.sessions { Output.session(session, json: store.json, full: false) }
            if let next = page.nextCursor {
                if store.json {
                    FileHandle.standardError.write(Data("next cursor: \(next)\n".utf8))
                } else {
                    Output.line("-- more: --cursor \(next)")
                }
            }
        }
    }
}

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "List a session's events in seq order, a page at a time.")

    @OptionGroup var target: SessionTarget
    @Option(help: "Only events after this seq.") var afterSeq: Int64 = 0
    @Option(help: "Page size, 1 to 1000.") var limit: Int = 100
    @Option(help: "Only events of this type (repeatable).") var type: [String] = []

    func run() async throws {
        try await CLIRunner.run {
            let reference = try target.session.reference()
            let (after, limit, types) = (afterSeq, self.limit, type)
            let events = try await target.store.withSessions(target.remote) { sessions in
                try await sessions.events(try await sessions.id(of: reference), afterSeq: after, limit: limit, types: types).events
            }
            for event in events { Output.event(event, json: target.json) }
        }
    }
}

struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "state", abstract: "Print a session's state, now or right after event --at-seq.")

    @OptionGroup var target: SessionTarget
    @Option(help: "The state right after this event (time travel).") var atSeq: Int64?

    func run() async throws {
        try await CLIRunner.run {
            let reference = try target.session.reference()
            let at = atSeq
            let (id, result) = try await target.store.withSessions(target.remote) { sessions in
                let id = try await sessions.id(of: reference)
                return (id, try await sessions.state(id, atSeq: at))
            }
            if target.json {
                Output.json(["session_id": .string(id.lowercased), "seq": .int(result.seq), "state": result.state])
            } else {
                Output.line(JSONWriter.string(result.state))
            }
        }
    }
}

struct TreeCommand: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "tree", abstract: "Show a session's descendants and their aggregated metrics.")

    @OptionGroup var target: SessionTarget

    func ask(_ sessions: any SessionOperations, _ id: UUID) async throws -> SessionTree { try await sessions.tree(id) }

    func show(_ tree: SessionTree) {
        if target.json { return Output.json(tree.json) }
        var children: [UUID: [Session]] = [:]
        for s in tree.descendants { if let p = s.parentID { children[p, default: []].append(s) } }
        func render(_ s: Session, _ indent: String) {
            Output.line("\(indent)\(s.id.lowercased)  \(s.status.rawValue)  \(s.application)  events=\(s.counters.events)")
            for child in children[s.id] ?? [] { render(child, indent + "  ") }
        }
        render(tree.root, "")
        let m = tree.metrics
        Output.line("sessions \(m.sessions), events \(m.events), errors \(m.errors), tokens \(m.tokens), total time \(DurationText.format(milliseconds: m.totalDurationMs))")
        Output.line("by status: " + m.byStatus.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))
    }
}

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Show a session's duration, active and idle time, counts and outcome; for an assistant's session also what it did (agent, agent_tree).")

    @OptionGroup var target: SessionTarget

    func run() async throws {
        try await CLIRunner.run {
            let reference = try target.session.reference()
            let document = try await target.store.withClientOrManager(target.remote) { client in
                try await client.metricsDocument(try await client.id(of: reference))
            } local: { manager in
                try await manager.metricsDocument(try await manager.id(of: reference))
            }
            if target.json { return Output.json(document) }
            Output.line(Text.metrics(SessionMetrics(json: document)))
            for (key, title) in [("agent", "agent"), ("agent_tree", "agent tree")] {
                guard let agent = document[key] else { continue }
                Output.line(Text.agent(agent, title: title))
            }
        }
    }
}

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check a session's hash chain; exits 1 at the first broken link.")

    @OptionGroup var target: SessionTarget

    func run() async throws {
        try await CLIRunner.run {
            try target.remote.requireLocal(target.store, command: "verify")
            let reference = try target.session.reference()
            let (id, result) = try await target.store.withManager { manager in
                let id = try await manager.id(of: reference)
                return (id, try await manager.verify(id))
            }
            if target.json {
                var o: [String: JSONValue] = ["session_id": .string(id.lowercased), "intact": .bool(result.isIntact), "checked": .int(result.checked)]
                o["first_broken_seq"] = result.firstBrokenSeq.map(JSONValue.int)
                o["problem"] = result.problem.map(JSONValue.string)
                Output.json(.object(o))
            } else if result.isIntact {
                Output.line("intact: \(result.checked) events")
            } else {
                Output.line("broken at seq \(result.firstBrokenSeq ?? 0): \(result.problem ?? "")")
            }
            if !result.isIntact { throw ExitCode(1) }
        }
    }
}

/// Times as typed: RFC 3339 (`2026-11-28T05:00:00Z`) or milliseconds since the epoch.
enum TimeText {
    static func parse(_ text: String) throws -> Timestamp {
        if let ms = Int64(text) { return Timestamp(milliseconds: ms) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text) {
            return Timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        throw SessionError(.invalidArgument, "'\(text)' is not a time (RFC 3339 or epoch milliseconds)")
    }
}

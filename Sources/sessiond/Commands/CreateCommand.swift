import ArgumentParser
import Foundation
import SessionCore
import SessionKit

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a session, capturing where it runs.",
        discussion: "Prints the new session's id, or the whole session with --json.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions

    @Option(help: "Application (tool) name. Default: the parent's, else \"cli\".")
    var app: String?
    @Option(help: "Application version, recorded in the context.")
    var appVersion: String?
    @Option(help: "User id. Default: the parent's.")
    var user: String?
    @Option(help: "Parent session (an id or application:external_id): the new session is its child.")
    var parent: String?
    @Option(help: "The tool's own id for this session, unique per application.")
    var externalID: String?
    @Option(help: "A label K=V (repeatable).")
    var label: [String] = []
    @Option(help: "Free JSON metadata.")
    var metadata: String?
    @Option(help: "Extra context as a JSON object, merged over the captured one.")
    var context: String?
    @Option(help: "Idle after this long without activity (e.g. 5m). Default 5m.")
    var idleAfter: String?
    @Option(help: "Expire after this long without activity or heartbeat, or `never`. Default 1h.")
    var expireAfter: String?
    @Option(help: "End (expired) once this old, whatever its activity. Default: none.")
    var maxDuration: String?
    @Option(help: "Promised heartbeat interval; three missed ones fail the session. Default: none.")
    var heartbeatInterval: String?
    @Option(help: "Warning points as fractions of expire-after, comma separated. Default 0.5,0.8,0.95.")
    var warnAt: String?
    @Option(help: "On end, what happens to live children: terminate (default) or abandon.")
    var closePolicy: String?
    @Flag(help: "Do not capture the working directory, git, user and system context.")
    var noCapture = false
    @Flag(help: "Leave the session initializing until `start` or its first event.")
    var noStart = false

    func run() async throws {
        try await CLIRunner.run {
            var spec = SessionSpec(application: app, userID: user, externalID: externalID, start: !noStart)
            spec.labels = try Self.labels(label)
            if let metadata { spec.metadata = try JSONParser.parse(metadata) }
            var policy = SessionPolicy()
            if let v = idleAfter { policy.idleAfter = try DurationText.parse(v) }
            if let v = expireAfter { policy.expireAfter = v == "never" ? nil : try DurationText.parse(v) }
            if let v = maxDuration { policy.maxDuration = try DurationText.parse(v) }
            if let v = heartbeatInterval { policy.heartbeatInterval = try DurationText.parse(v) }
            if let v = warnAt {
                policy.warnAt = try v.split(separator: ",").map { part throws(SessionError) -> Double in
                    guard let d = Double(part.trimmingCharacters(in: .whitespaces)) else {
                        throw SessionError(.invalidArgument, "warn-at takes fractions such as 0.5,0.8")
                    }
                    return d
                }
            }
            if let v = closePolicy {
                guard let p = ClosePolicy(rawValue: v) else { throw SessionError(.invalidArgument, "close-policy is terminate or abandon") }
                policy.closePolicy = p
            }
            spec.policy = policy
            let parentReference = try parent.map { text throws(SessionError) -> SessionReference in
                guard let reference = SessionReference(text) else {
                    throw SessionError(.invalidArgument, "'\(text)' is neither a session id nor application:external_id")
                }
                return reference
            }
            if parentReference == nil, spec.application == nil { spec.application = "cli" }
            if !noCapture {
                let captured = await ContextCapture.capture(
                    ContextCapture.Options(applicationName: app ?? "cli", applicationVersion: appVersion))
                spec.context = captured.context
                spec.projectKey = captured.projectKey
            } else if let appVersion {
                spec.context = ["app": ["name": .string(app ?? "cli"), "version": .string(appVersion)]]
            }
            if let context {
                let extra = try JSONParser.parse(context)
                guard extra.isObject else { throw SessionError(.invalidArgument, "context must be a JSON object") }
                spec.context = spec.context.merging(extra)
            }
            let finalSpec = spec
            let session = try await store.withSessions(remote) { sessions in
                var parentID: UUID?
                if let parentReference { parentID = try await sessions.id(of: parentReference) }
                return try await sessions.create(finalSpec, parentID: parentID)
            }
            if store.json {
                Output.json(session.json())
            } else {
                Output.line(session.id.lowercased)
            }
        }
    }

    static func labels(_ pairs: [String]) throws(SessionError) -> [String: String] {
        var labels: [String: String] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw SessionError(.invalidArgument, "label '\(pair)' is not K=V")
            }
            labels[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return labels
    }
}

public import Hummingbird
import NIOCore
import SessionCore
public import SessionKit
import SessionStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `GET /v1/users/{user}/export` and `DELETE /v1/users/{user}`: all of a user's data as JSON
/// Lines, and its erasure.
///
/// An admin may export or erase any user (an override, audited with the `X-Sessiond-Reason`
/// header); a token bound to the user may export its own data (any role) or erase it
/// (`operator`); other users are 404 to it. Every export and erasure is audited, in open mode too.
public struct UsersController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager
    let audit: AuditLog
    let body: SessionRequestDecoder

    public init(manager: SessionManager, configuration: SessionServerConfiguration = SessionServerConfiguration()) {
        self.manager = manager
        self.audit = AuditLog(access: manager.store)
        self.body = SessionRequestDecoder(configuration)
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("users/:user/export", use: export)
        group.delete("users/:user", use: erase)
        group.get("users/:user/consent", use: consent)
        group.put("users/:user/consent", use: setConsent)
    }

    /// The user's consent record; 404 `consent_not_found` if none was set.
    @Sendable func consent(_ request: Request, context: Context) async throws -> Response {
        let user = try await authorize(context, .exportOwnData, "consent.read")
        guard let record = try await manager.store.consent(userID: user) else {
            throw ProblemError(status: .notFound, code: "consent_not_found", detail: "no consent recorded for user \(user)")
        }
        return .json(record.json)
    }

    /// Records the user's consent (the user's own token of any role but reader, or an admin);
    /// answers the record; audited as `consent.set`.
    @Sendable func setConsent(_ request: Request, context: Context) async throws -> Response {
        let user = try await authorize(context, .write, "consent.change")
        let asked = try await body.decode(ConsentRequest.self, from: request, context: context)
        let record = try await manager.setConsent(
            user: user, categories: asked.categories, policyVersion: asked.policyVersion, actor: context.identity.actor)
        return .json(record.json)
    }

    /// JSON Lines: for each of the user's sessions, oldest first, its session line, events and
    /// snapshots, then the signed manifest (see ``SessionManager/exportUser(_:anonymizer:write:)``).
    /// Query `anonymize=true` pseudonymises users and hosts (a new key per export), applies
    /// redaction again, and with `coarsen=1h` (any duration) rounds times down.
    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let user = try await authorize(context, .exportOwnData, "user.export")
        let q = request.uri.queryParameters
        let anonymize = try Self.flag(q, "anonymize")
        let coarsen = try q["coarsen"].map { text throws(SessionError) in try DurationText.parse(String(text)) }
        if coarsen != nil, !anonymize { throw SessionError(.invalidArgument, "coarsen needs anonymize=true") }
        let anonymizer = anonymize ? ExportAnonymizer(key: ExportAnonymizer.newKey(), coarsen: coarsen, redactor: manager.configuration.redactor) : nil
        let manager = self.manager
        let body = ResponseBody { writer in
            try await manager.exportUser(user, anonymizer: anonymizer) { bytes in try await writer.write(ByteBuffer(bytes: bytes)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/jsonl"], body: body)
    }

    /// Erases every session of the user with its events, snapshots and labels: to the trash
    /// when the policy keeps one (restorable until its grace period ends), for good with
    /// `purge=true` or without a trash; answers what it did.
    @Sendable func erase(_ request: Request, context: Context) async throws -> Response {
        let user = try await authorize(context, .eraseOwnData, "user.erase")
        let report = try await manager.eraseUser(user, immediately: try Self.flag(request.uri.queryParameters, "purge"))
        try await audit.record(context.identity, "user.erased", target: "user:\(user)", details: report.fields)
        return .json(.object(report.fields.merging(["user_id": .string(user)]) { $1 }))
    }

    /// A `true`/`false` (or `1`/`0`) query parameter, false when absent.
    static func flag(_ q: Parameters, _ name: String) throws(SessionError) -> Bool {
        switch q[name[...]].map(String.init) {
        case nil, "false", "0": false
        case "true", "1": true
        default: throw SessionError(.invalidArgument, "\(name) must be true or false")
        }
    }

    /// The route's user, if the caller may do `action` for it; audits the access before it happens.
    func authorize(_ context: Context, _ action: AccessAction, _ auditAction: String) async throws -> String {
        let user = try context.parameters.require("user")
        let identity = context.identity
        let decision = identity.decide(action, owner: user)
        switch decision {
        case .notFound: throw ProblemError(status: .notFound, code: "not_found", detail: "no such user")
        case .forbidden: throw ProblemError.forbidden("a \(identity.token?.role.rawValue ?? "") token may not do this")
        case .allow, .override: break
        }
        try await audit.record(identity, auditAction, target: "user:\(user)", details: ["override": .bool(decision == .override)])
        return user
    }

    static func line(_ value: JSONValue) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: JSONWriter.bytes(value))
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }
}

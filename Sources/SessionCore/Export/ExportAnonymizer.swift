internal import Crypto

/// What `--anonymize` does to an export: user ids and host names become pseudonyms under a key
/// of this export only (the same value gives the same pseudonym inside one export, and nothing
/// links two exports), redaction runs again over everything, and times may be coarsened.
public struct ExportAnonymizer: Sendable {
    private let key: [UInt8]
    /// Round every time down to a multiple of this (e.g. an hour); `nil` keeps them.
    public var coarsen: Duration?
    /// The rules applied again (the deployment's, so what changed since the data was written applies too).
    public var redactor: Redactor
    /// Identifying values seen so far (user ids, user and host names) and their pseudonyms,
    /// longest first: replaced wherever they occur in a string (event data echoes them too).
    private var identifiers: [(String, String)] = []

    /// - Parameter key: this export's secret (32 random bytes); never written anywhere.
    public init(key: [UInt8], coarsen: Duration? = nil, redactor: Redactor = Redactor()) {
        self.key = key
        self.coarsen = coarsen
        self.redactor = redactor
    }

    /// 32 bytes from the system CSPRNG: the key of one export, kept nowhere.
    public static func newKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// `KIND-` and 16 hex digits of HMAC-SHA256(key, value).
    public func pseudonym(_ value: String, kind: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: SymmetricKey(data: key))
        return "\(kind)-" + Hex.encode(Array(code.prefix(8)))
    }

    /// Values shorter than this are not replaced inside free text (a one-letter user id would
    /// mangle every word); as a whole field value they are.
    public static let shortestIdentifier = 3

    /// Learns `session`'s user id and its context's user and host names, to replace them
    /// everywhere in what follows.
    public mutating func learn(_ session: Session) {
        var found: [(String, String)] = []
        if let user = session.userID { found.append((user, pseudonym(user, kind: "user"))) }
        for context in [session.context, session.effectiveContext] {
            for (section, key, kind) in Self.identifying {
                if let text = context[section]?[key]?.stringValue { found.append((text, pseudonym(text, kind: kind))) }
            }
        }
        for (value, stand) in found where value.utf8.count >= Self.shortestIdentifier && !identifiers.contains(where: { $0.0 == value }) {
            identifiers.append((value, stand))
        }
        identifiers.sort { $0.0.utf8.count > $1.0.utf8.count }
    }

    /// `value` with every learnt identifier in its strings (and keys) replaced.
    public func scrub(_ value: JSONValue) -> JSONValue {
        guard !identifiers.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(scrub(text))
        case .array(let items): return .array(items.map(scrub))
        case .object(let fields):
            var out: [String: JSONValue] = [:]
            for (key, item) in fields { out[scrub(key)] = scrub(item) }
            return .object(out)
        default: return value
        }
    }

    func scrub(_ text: String) -> String {
        var text = text
        for (value, stand) in identifiers where text.contains(value) { text = text.replacing(value, with: stand) }
        return text
    }

    public func time(_ time: Timestamp) -> Timestamp {
        guard let coarsen, coarsen.milliseconds > 0 else { return time }
        let unit = coarsen.milliseconds
        return Timestamp(milliseconds: time.milliseconds - ((time.milliseconds % unit) + unit) % unit)
    }

    /// Context paths whose values are pseudonymised: user names and host names.
    static let identifying: [(String, String, String)] = [("system", "hostname", "host"), ("user", "name", "user"), ("user", "id", "user")]

    private func context(_ value: JSONValue, field: String, application: String) -> JSONValue {
        var redactions: [Redaction] = []
        guard var o = (redactor.redact(value, field: field, application: application, into: &redactions) ?? .emptyObject).objectValue else {
            return .emptyObject
        }
        for (section, key, kind) in Self.identifying {
            guard var inner = o[section]?.objectValue, let text = inner[key]?.stringValue else { continue }
            inner[key] = .string(pseudonym(text, kind: kind))
            o[section] = .object(inner)
        }
        return .object(o)
    }

    public func session(_ s: Session) -> Session {
        var s = s
        var redactions: [Redaction] = []
        s.userID = s.userID.map { pseudonym($0, kind: "user") }
        s.context = context(s.context, field: "context", application: s.application)
        s.effectiveContext = context(s.effectiveContext, field: "context", application: s.application)
        s.labels = redactor.redact(labels: s.labels, application: s.application, into: &redactions)
        s.metadata = redactor.redact(s.metadata, field: "metadata", application: s.application, into: &redactions) ?? .emptyObject
        s.state = redactor.redact(s.state, field: "state_delta", application: s.application, into: &redactions) ?? .emptyObject
        s.endReason = s.endReason.map { redactor.redact(text: $0, field: "reason", application: s.application, into: &redactions) ?? "[REDACTED]" }
        s.context = scrub(s.context)
        s.effectiveContext = scrub(s.effectiveContext)
        s.metadata = scrub(s.metadata)
        s.state = scrub(s.state)
        s.labels = Dictionary(uniqueKeysWithValues: s.labels.map { (scrub($0.key), scrub($0.value)) })
        s.externalID = s.externalID.map(scrub)
        s.endReason = s.endReason.map(scrub)
        s.createdAt = time(s.createdAt)
        s.updatedAt = time(s.updatedAt)
        s.lastActivityAt = time(s.lastActivityAt)
        s.lastHeartbeatAt = s.lastHeartbeatAt.map(time)
        s.endedAt = s.endedAt.map(time)
        return s
    }

    public func event(_ e: SessionEvent, application: String) -> SessionEvent {
        var e = e
        var redactions = e.redactions
        e.data = scrub(redactor.redact(e.data, field: "data", application: application, into: &redactions) ?? .emptyObject)
        e.stateDelta = e.stateDelta.map { scrub(redactor.redact($0, field: "state_delta", application: application, into: &redactions) ?? .emptyObject) }
        e.inverseDelta = e.inverseDelta.map { scrub(redactor.redact($0, field: "state_delta", application: application, into: &redactions) ?? .emptyObject) }
        e.redactions = redactions
        e.time = time(e.time)
        return e
    }

    public func snapshot(_ s: SessionSnapshot, application: String) -> SessionSnapshot {
        var s = s
        var redactions: [Redaction] = []
        s.state = scrub(redactor.redact(s.state, field: "state_delta", application: application, into: &redactions) ?? .emptyObject)
        s.createdAt = time(s.createdAt)
        return s
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// How a caller names a session: its id, or `<application>:<external_id>`, the name the tool
/// that made the session knows it by (`claude-code:4c2ddfdc-…`, `codex:019c8a4c-…`).
///
/// An external id is unique per application, so the pair names at most one session in a store.
public enum SessionReference: Sendable, Hashable, CustomStringConvertible {
    case id(UUID)
    case external(application: String, externalID: String)

    /// Parses a session id (36 characters) or `application:external_id`; `nil` for anything else.
    public init?(_ text: String) {
        if let id = UUID(text: text) {
            self = .id(id)
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let application = String(text[..<colon])
        let externalID = String(text[text.index(after: colon)...])
        guard !application.isEmpty, !externalID.isEmpty,
            application.utf8.count <= SessionSpec.maxFieldLength, externalID.utf8.count <= SessionSpec.maxFieldLength
        else { return nil }
        self = .external(application: application, externalID: externalID)
    }

    /// Parses `text`, or throws `session_not_found` naming it.
    public static func parse(_ text: String) throws(SessionError) -> SessionReference {
        guard let reference = SessionReference(text) else {
            throw SessionError(.sessionNotFound, "'\(text)' is neither a session id nor application:external_id")
        }
        return reference
    }

    public var description: String {
        switch self {
        case .id(let id): id.lowercased
        case .external(let application, let externalID): "\(application):\(externalID)"
        }
    }
}

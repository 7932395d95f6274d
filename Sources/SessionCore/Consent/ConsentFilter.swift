/// What consent leaves of a write: applied after redaction, before anything is stored.
///
/// Everything it takes is listed as a redaction with rule `consent` (path `context`, `data`,
/// `state_delta`, `labels`, `metadata`), never the value.
public struct ConsentFilter: Sendable {
    public var categories: Set<ConsentCategory>
    public var minimal: Bool

    public init(categories: Set<ConsentCategory>, minimal: Bool) {
        self.categories = categories
        self.minimal = minimal
    }

    /// Nothing to take.
    public var keepsEverything: Bool { !minimal && categories.isSuperset(of: [.context, .content]) }

    /// The context paths a minimal policy keeps, pseudonymised.
    public static let minimalContext: [[String]] = [
        ["system", "hostname"], ["user", "name"], ["project", "cwd"], ["project", "git_root"],
    ]

    /// The spec as consent allows; `pseudonym` turns a value into a stable stand-in.
    public func apply(_ spec: inout SessionSpec, redactions: inout [Redaction], pseudonym: (String) -> String) {
        if minimal || !categories.contains(.content), spec.state != nil {
            spec.state = nil
            redactions.append(Redaction(path: "state", rule: "consent"))
        }
        if minimal {
            var kept: [String: JSONValue] = [:]
            for path in Self.minimalContext {
                guard let value = spec.context[path[0]]?[path[1]]?.stringValue else { continue }
                var section = kept[path[0]]?.objectValue ?? [:]
                section[path[1]] = .string(pseudonym(value))
                kept[path[0]] = .object(section)
            }
            if spec.context != .emptyObject { redactions.append(Redaction(path: "context", rule: "consent")) }
            spec.context = .object(kept)
            if !spec.labels.isEmpty { redactions.append(Redaction(path: "labels", rule: "consent")) }
            spec.labels = [:]
            if spec.metadata != .emptyObject { redactions.append(Redaction(path: "metadata", rule: "consent")) }
            spec.metadata = .emptyObject
        } else if !categories.contains(.context), spec.context != .emptyObject {
            spec.context = .emptyObject
            redactions.append(Redaction(path: "context", rule: "consent"))
        }
    }

    /// The event as consent allows: without `content`, no data and no state delta.
    public func apply(_ event: inout NewEvent) {
        guard minimal || !categories.contains(.content) else { return }
        if event.data != .emptyObject {
            event.data = .emptyObject
            event.redactions.append(Redaction(path: "data", rule: "consent"))
        }
        if event.stateDelta != nil {
            event.stateDelta = nil
            event.redactions.append(Redaction(path: "state_delta", rule: "consent"))
        }
    }
}

/// A custom rule of a policy: a regular expression found in any text, or a field path whose
/// whole value is taken.
public struct RedactionRule: Sendable, Hashable {
    /// What a rule looks for.
    public enum Target: Sendable, Hashable {
        /// A regular expression (Swift `Regex` syntax, as Perl/PCRE), matched in every string.
        case pattern(String)
        /// A field path such as `data.tool_input.command` or `context.user.*`: `*` is any key or index.
        case path(String)
    }

    /// The name redactions record and `/metrics` counts by: letters, digits, `_`, `-`, `.`.
    public var name: String
    public var target: Target
    public var mode: RedactionMode

    public init(name: String, target: Target, mode: RedactionMode = .mask) {
        self.name = name
        self.target = target
        self.mode = mode
    }

    /// Reads `{"name", "pattern" | "path", "mode"}`; errors name the rule and the field.
    public init(json: JSONValue, index: Int) throws(SessionError) {
        let o = try JSONFields(json, what: "rules[\(index)]")
        try o.allow(["name", "pattern", "path", "mode"])
        guard let name = try o.string("name"), !name.isEmpty else { throw SessionError(.invalidArgument, "rules[\(index)]: name is required") }
        guard name.utf8.count <= 64, name.utf8.allSatisfy({ ScanBytes.isWord($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else {
            throw SessionError(.invalidArgument, "rule \(name): a name is 1 to 64 letters, digits, _, - or .")
        }
        guard SecretKind(rawValue: name) == nil else { throw SessionError(.invalidArgument, "rule \(name): the name of a built-in rule; set its mode under modes") }
        let mode = try RedactionRule.mode(try o.string("mode") ?? "mask", rule: name)
        switch (try o.string("pattern"), try o.string("path")) {
        case (let pattern?, nil):
            guard !pattern.isEmpty else { throw SessionError(.invalidArgument, "rule \(name): pattern is empty") }
            self.init(name: name, target: .pattern(pattern), mode: mode)
        case (nil, let path?):
            _ = try FieldPath(path, rule: name)
            self.init(name: name, target: .path(path), mode: mode)
        default:
            throw SessionError(.invalidArgument, "rule \(name): give one of pattern and path")
        }
    }

    /// The mode named `text`; the error names the rule.
    static func mode(_ text: String, rule: String) throws(SessionError) -> RedactionMode {
        guard let mode = RedactionMode(rawValue: text) else {
            throw SessionError(.invalidArgument, "rule \(rule): unknown mode \(text) (mask, hash, drop or allow)")
        }
        return mode
    }
}

/// A parsed field path: `data.tool_input.command` is `["data", "tool_input", "command"]`;
/// `items[2]` is a key then an index; `*` matches any one key or index.
struct FieldPath: Sendable, Hashable {
    let segments: [String]

    init(_ text: String, rule: String) throws(SessionError) {
        var segments: [String] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var part = Substring(part)
            var indexes: [String] = []
            while part.hasSuffix("]"), let open = part.lastIndex(of: "[") {
                indexes.insert(String(part[part.index(after: open)..<part.index(before: part.endIndex)]), at: 0)
                part = part[..<open]
            }
            guard !part.isEmpty else { throw SessionError(.invalidArgument, "rule \(rule): path \(text) has an empty part") }
            segments.append(String(part))
            segments += indexes
        }
        guard let root = segments.first, FieldPath.roots.contains(root) else {
            throw SessionError(.invalidArgument, "rule \(rule): path \(text) starts with one of \(FieldPath.roots.sorted().joined(separator: ", "))")
        }
        self.segments = segments
    }

    /// The fields redaction covers.
    static let roots: Set<String> = ["data", "state_delta", "context", "labels", "metadata", "reason"]

    func matches(_ path: [String]) -> Bool {
        guard path.count == segments.count else { return false }
        for (a, b) in zip(segments, path) where a != "*" && a != b { return false }
        return true
    }
}

/// The rules one application's writes go through, compiled from the policy: a class, so that
/// handing it to each write costs one reference, not a copy of its tables.
final class RedactionProfile: Sendable {
    let enabled: Bool
    let scanner: SecretScanner
    let modes: [SecretKind: RedactionMode]
    let patterns: [CompiledPattern]
    let paths: [(path: FieldPath, rule: RedactionRule)]
    let allow: Set<String>

    init(enabled: Bool) {
        self.enabled = enabled
        scanner = SecretScanner()
        modes = [:]
        patterns = []
        paths = []
        allow = []
    }

    init(_ rules: RedactionPolicy.Override) throws(SessionError) {
        enabled = rules.enabled ?? true
        modes = rules.modes
        var kinds = SecretKindSet.all
        for (kind, mode) in rules.modes where mode == .allow { kinds.remove(kind) }
        scanner = SecretScanner(kinds: kinds)
        var patterns: [CompiledPattern] = []
        var paths: [(FieldPath, RedactionRule)] = []
        for rule in rules.rules {
            switch rule.target {
            case .pattern(let pattern):
                guard rule.mode != .allow else { continue }
                patterns.append(try CompiledPattern(rule: rule, pattern: pattern))
            case .path(let path):
                paths.append((try FieldPath(path, rule: rule.name), rule))
            }
        }
        self.patterns = patterns
        self.paths = paths
        allow = rules.allow
    }

    func mode(_ kind: SecretKind) -> RedactionMode { modes[kind] ?? .mask }
}

/// A custom rule's regular expression, compiled once.
///
/// `Regex` is an immutable value whose matching is safe from any thread; it is not declared
/// `Sendable`, hence the unchecked box.
final class CompiledPattern: @unchecked Sendable {
    let rule: RedactionRule
    let regex: Regex<AnyRegexOutput>

    init(rule: RedactionRule, pattern: String) throws(SessionError) {
        self.rule = rule
        do {
            regex = try Regex(pattern)
        } catch {
            throw SessionError(.invalidArgument, "rule \(rule.name): the pattern does not compile: \(error)")
        }
    }
}

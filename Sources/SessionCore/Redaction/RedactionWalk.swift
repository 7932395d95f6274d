/// One pass of a ``Redactor`` over one JSON value, keeping the path it is at.
struct RedactionWalk {
    enum Segment {
        case key(String)
        case index(Int)
    }

    enum Outcome {
        case same
        case changed(JSONValue)
        case dropped
    }

    let redactor: Redactor
    let profile: RedactionProfile
    var path: [Segment]
    var redactions: [Redaction] = []

    init(redactor: Redactor, profile: RedactionProfile, path: [Segment]) {
        self.redactor = redactor
        self.profile = profile
        self.path = path
    }

    var pathText: String {
        var out = ""
        for segment in path {
            switch segment {
            case .key(let key): out += out.isEmpty ? key : ".\(key)"
            case .index(let index): out += "[\(index)]"
            }
        }
        return out
    }

    mutating func note(_ rule: String) {
        let redaction = Redaction(path: pathText, rule: rule)
        if !redactions.contains(redaction) { redactions.append(redaction) }
    }

    mutating func visit(_ value: JSONValue) -> Outcome {
        if !profile.paths.isEmpty, let rule = pathRule() {
            return whole(value, rule: rule.name, mode: rule.mode)
        }
        switch value {
        case .string(let text):
            switch scan(text) {
            case nil: return .dropped
            case let new? where new != text: return .changed(.string(new))
            default: return .same
            }
        case .object(let fields):
            var copy: [String: JSONValue]? = nil
            for (key, field) in fields {
                path.append(.key(key))
                defer { path.removeLast() }
                var outcome: Outcome
                // A field with a secret's name is taken whole, unless a path rule decides it.
                let pathDecides = !profile.paths.isEmpty && pathRule() != nil
                if !pathDecides, case .string(let text) = field, let kind = SecretNames.kind(of: key), profile.scanner.kinds.contains(kind),
                    Self.isSecretValue(text), !profile.allow.contains(text)
                {
                    outcome = whole(field, rule: kind.rawValue, mode: profile.mode(kind))
                } else {
                    outcome = visit(field)
                }
                var newKey = key
                if let scanned = scanKey(key), scanned != key { newKey = scanned }
                if case .same = outcome, newKey == key { continue }
                if copy == nil { copy = fields }
                if newKey != key { copy![key] = nil }
                switch outcome {
                case .same: copy![newKey] = field
                case .changed(let new): copy![newKey] = new
                case .dropped: copy![newKey] = nil
                }
            }
            return copy.map { .changed(.object($0)) } ?? .same
        case .array(let items):
            var copy: [JSONValue]? = nil
            for (index, item) in items.enumerated() {
                path.append(.index(index))
                defer { path.removeLast() }
                let outcome = visit(item)
                if case .same = outcome { continue }
                if copy == nil { copy = items }
                switch outcome {
                case .same: break
                case .changed(let new): copy![index] = new
                case .dropped: copy![index] = .string("[REDACTED]")
                }
            }
            return copy.map { .changed(.array($0)) } ?? .same
        case .null, .bool, .int, .double:
            return .same
        }
    }

    /// The path rule that takes the field at the current path, if any.
    func pathRule() -> RedactionRule? {
        var names: [String] = []
        names.reserveCapacity(path.count)
        for segment in path {
            switch segment {
            case .key(let key): names.append(key)
            case .index(let index): names.append(String(index))
            }
        }
        return profile.paths.first { $0.path.matches(names) }?.rule
    }

    /// The whole field redacted in `mode`.
    mutating func whole(_ value: JSONValue, rule: String, mode: RedactionMode) -> Outcome {
        switch mode {
        case .allow: return .same
        case .drop:
            note(rule)
            return .dropped
        case .mask, .hash:
            note(rule)
            let bytes = value.stringValue.map { Array($0.utf8) } ?? JSONWriter.bytes(value)
            return .changed(.string(redactor.replacement(for: bytes, rule: rule, mode: mode)))
        }
    }

    /// A secret field's value: not empty, not a placeholder.
    static func isSecretValue(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { SecretValues.isQuotedSecret($0) }
    }

    /// `text` with its findings replaced; `nil` when one of them drops the field.
    mutating func scan(_ text: String) -> String? {
        var text = text
        let matches = text.withUTF8 { profile.scanner.scan($0) }
        var result = text
        if !matches.isEmpty {
            guard let replaced = replace(text, matches) else { return nil }
            result = replaced
        }
        for pattern in profile.patterns {
            let found = result.matches(of: pattern.regex)
            guard !found.isEmpty else { continue }
            var out = ""
            var last = result.startIndex
            var changed = false
            for match in found where !match.range.isEmpty {
                let value = result[match.range]
                if profile.allow.contains(String(value)) { continue }
                if pattern.rule.mode == .drop {
                    note(pattern.rule.name)
                    return nil
                }
                out += result[last..<match.range.lowerBound]
                out += redactor.replacement(for: value.utf8, rule: pattern.rule.name, mode: pattern.rule.mode)
                last = match.range.upperBound
                changed = true
            }
            guard changed else { continue }
            note(pattern.rule.name)
            out += result[last...]
            result = out
        }
        return result
    }

    /// A key with its findings masked (a key is never dropped or hashed: masking keeps the object).
    mutating func scanKey(_ key: String) -> String? {
        var key = key
        let matches = key.withUTF8 { profile.scanner.scan($0) }
        guard !matches.isEmpty else { return nil }
        var out: [UInt8] = []
        var last = 0
        let bytes = Array(key.utf8)
        var changed = false
        for match in matches where !profile.allow.contains(String(decoding: bytes[match.range], as: UTF8.self)) {
            out += bytes[last..<match.range.lowerBound]
            out += Array("[REDACTED:\(match.kind.rawValue)]".utf8)
            last = match.range.upperBound
            changed = true
            note(match.kind.rawValue)
        }
        guard changed else { return nil }
        out += bytes[last...]
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` with the scanner's matches replaced per their modes; `nil` when one drops the field.
    mutating func replace(_ text: String, _ matches: [SecretMatch]) -> String? {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var last = 0
        var changed = false
        for match in matches {
            let value = bytes[match.range]
            if profile.allow.contains(String(decoding: value, as: UTF8.self)) { continue }
            let mode = profile.mode(match.kind)
            if mode == .allow { continue }
            note(match.kind.rawValue)
            if mode == .drop { return nil }
            out += bytes[last..<match.range.lowerBound]
            out += Array(redactor.replacement(for: value, rule: match.kind.rawValue, mode: mode).utf8)
            last = match.range.upperBound
            changed = true
        }
        guard changed else { return text }
        out += bytes[last...]
        return String(decoding: out, as: UTF8.self)
    }
}

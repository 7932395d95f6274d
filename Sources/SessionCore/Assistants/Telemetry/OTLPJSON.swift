/// The pieces of OTLP's JSON encoding (`http/json`) that logs and metrics share: `AnyValue`,
/// attribute lists and times in nanoseconds. The encoding writes 64-bit integers as strings.
enum OTLPJSON {
    /// An `AnyValue` as plain JSON: `{"stringValue": "a"}` → `"a"`, `{"intValue": "3"}` → `3`.
    static func value(_ any: JSONValue?) -> JSONValue {
        guard case .object(let o)? = any else { return .null }
        if let s = o["stringValue"] { return s }
        if let b = o["boolValue"] { return b }
        if let i = o["intValue"] { return i.stringValue.flatMap { Int64($0) }.map(JSONValue.int) ?? i }
        if let d = o["doubleValue"] { return d }
        if let a = o["arrayValue"]?["values"]?.arrayValue { return .array(a.map { value($0) }) }
        if let kv = o["kvlistValue"]?["values"] { return .object(attributes(kv)) }
        if let bytes = o["bytesValue"] { return bytes }
        return .null
    }

    /// An attribute list `[{"key", "value": AnyValue}]` as an object.
    static func attributes(_ list: JSONValue?) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for item in list?.arrayValue ?? [] {
            guard let key = item["key"]?.stringValue else { continue }
            result[key] = value(item["value"])
        }
        return result
    }

    /// A `…UnixNano` field (a string or a number) as a timestamp; `nil` for 0 or none.
    static func time(_ nanos: JSONValue?) -> Timestamp? {
        let value: Int64? =
            switch nanos {
            case .string(let s)?: Int64(s)
            case .int(let i)?: i
            case .double(let d)?: Int64(exactly: d.rounded())
            default: nil
            }
        guard let value, value > 0 else { return nil }
        return Timestamp(milliseconds: value / 1_000_000)
    }

    /// A number attribute, whether sent as a number or a string (`"1200"`).
    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let i)?: Double(i)
        case .double(let d)?: d
        case .string(let s)?: Double(s)
        default: nil
        }
    }

    static func int(_ value: JSONValue?) -> Int64 { number(value).map { Int64($0) } ?? 0 }
}

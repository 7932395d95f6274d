// Sessions and events keep the hand-written mapping of `Session+JSON.swift` and
// `Session+Decoding.swift`, and Codable hands that mapping to any coder. They are on every hot
// path (the answer of each append, each page of events, the live stream), where building the
// `JSONValue` directly is cheaper than going through Codable's containers, and a session has two
// forms: full, and without context and state in lists (`json(full: false)`).

extension Session: Codable {
    /// Reads a session as ``json(full:)`` writes it.
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    /// Writes the full form, ``json(full:)``.
    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(json())
    }
}

extension SessionEvent: Codable {
    /// Reads an event as ``json`` writes it.
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(json)
    }
}

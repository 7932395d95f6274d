internal import Crypto

/// The tamper-evident chain: each event's hash covers the previous hash and its canonical form.
public enum EventHash {
    /// The "previous hash" of a session's first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical form: sorted-key compact JSON of every stored field but `position` and `hash`,
    /// with `prev` set to the previous event's hash; absent optional fields are left out.
    ///
    /// Written key by key in sorted order (the same bytes ``JSONWriter`` makes for the
    /// equivalent object), without building a dictionary: this runs on every append.
    public static func canonicalForm(of event: SessionEvent, previous: String) -> [UInt8] {
        canonicalFormAndData(of: event, previous: previous).bytes
    }

    /// The canonical form, and where in it the event's `data` was written: stores reuse those
    /// bytes instead of serializing the data again.
    static func canonicalFormAndData(of event: SessionEvent, previous: String) -> (bytes: [UInt8], data: Range<Int>) {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        var first = true
        func key(_ name: StaticString) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func string(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONWriter.writeString(value, into: &out)
        }
        func json(_ name: StaticString, _ value: JSONValue?) {
            guard let value else { return }
            key(name)
            JSONWriter.write(value, into: &out)
        }
        // Keys in UTF-8 order.
        string("causation_id", event.causationID)
        string("correlation_id", event.correlationID)
        key("data")
        let dataStart = out.count
        JSONWriter.write(event.data, into: &out)
        let dataRange = dataStart..<out.count
        string("id", event.id.lowercased)
        string("idempotency_key", event.idempotencyKey)
        json("inverse_delta", event.inverseDelta)
        string("prev", previous)
        if !event.redactions.isEmpty { json("redactions", .array(event.redactions.map(\.json))) }
        json("seq", .int(event.seq))
        string("session_id", event.sessionID.lowercased)
        string("source", event.source)
        string("span_id", event.spanID)
        json("state_delta", event.stateDelta)
        json("time", .int(event.time.milliseconds))
        string("trace_id", event.traceID)
        string("type", event.type)
        out.append(UInt8(ascii: "}"))
        return (out, dataRange)
    }

    /// The hex SHA-256 of `event` chained to `previous`.
    public static func compute(_ event: SessionEvent, previous: String) -> String {
        hex(SHA256.hash(data: canonicalForm(of: event, previous: previous)))
    }

    /// The hash of `event`, and its `data` as compact JSON text (written once for both).
    public static func computeWithData(_ event: SessionEvent, previous: String) -> (hash: String, data: String) {
        let (bytes, range) = canonicalFormAndData(of: event, previous: previous)
        let data = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        return (hex(SHA256.hash(data: bytes)), data)
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The outcome of checking a run of events.
    public struct Verification: Sendable, Hashable {
        /// Events checked.
        public var checked: Int64
        /// The first event whose hash or link is wrong, if any.
        public var firstBrokenSeq: Int64?
        /// What is wrong with it.
        public var problem: String?
        /// The hash the next event must chain to.
        public var lastHash: String

        public var isIntact: Bool { firstBrokenSeq == nil }

        public init(checked: Int64, firstBrokenSeq: Int64?, problem: String?, lastHash: String) {
            self.checked = checked
            self.firstBrokenSeq = firstBrokenSeq
            self.problem = problem
            self.lastHash = lastHash
        }
    }

    /// Checks `events` (consecutive, starting after `previous`) and stops at the first broken link.
    public static func verify(
        _ events: [SessionEvent], after previous: String, expectedSeq: Int64
    ) -> Verification {
        var previous = previous
        var next = expectedSeq
        var checked: Int64 = 0
        for event in events {
            if event.seq != next {
                return Verification(checked: checked, firstBrokenSeq: next, problem: "missing event \(next)", lastHash: previous)
            }
            let expected = compute(event, previous: previous)
            if expected != event.hash {
                return Verification(checked: checked, firstBrokenSeq: event.seq, problem: "hash does not match its content and link", lastHash: previous)
            }
            previous = event.hash
            next += 1
            checked += 1
        }
        return Verification(checked: checked, firstBrokenSeq: nil, problem: nil, lastHash: previous)
    }
}

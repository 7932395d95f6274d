/// Parses a `text/event-stream` body (the WHATWG Server-Sent Events format) fed in chunks of
/// any size: a line, even a CRLF, may be split across chunks.
///
/// Lines end with CRLF, LF or CR. `field: value` lines fill the message (one space after the
/// colon is dropped), `data` lines are joined with LF, lines starting with `:` are comments, and
/// an empty line dispatches the message if it has data. `retry` and unknown fields are ignored.
/// ``Message/id`` is the last `id` seen, as the format defines, so it carries over to later
/// messages without one.
package struct ServerSentEventParser: Sendable {
    /// One dispatched message.
    package struct Message: Sendable, Hashable {
        /// The last event id: the `Last-Event-ID` to resume after this message.
        package var id: String?
        /// The `event` field; `message` when none was given.
        package var event: String
        /// The `data` lines, joined with LF.
        package var data: String

        package init(id: String?, event: String, data: String) {
            self.id = id
            self.event = event
            self.data = data
        }
    }

    private var line: [UInt8] = []
    /// The previous chunk ended with CR: a LF that starts the next one belongs to it.
    private var afterCR = false
    /// Still at the start of the stream, where one byte order mark is skipped.
    private var atStart = true
    private var data: [UInt8] = []
    private var hasData = false
    private var event: String?
    private var lastID: String?
    /// The id of the last complete message.
    private var dispatchedID: String?
    private var ready: [Message] = []
    private var readyIndex = 0

    package init() {}

    /// Adds the next bytes of the body; complete messages become available from ``next()``.
    package mutating func feed(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            if afterCR {
                afterCR = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\r"):
                afterCR = true
                endLine()
            case UInt8(ascii: "\n"):
                endLine()
            default:
                line.append(byte)
            }
        }
    }

    /// The next complete message, oldest first, or `nil` until more is fed.
    package mutating func next() -> Message? {
        guard readyIndex < ready.count else {
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            return nil
        }
        defer { readyIndex += 1 }
        return ready[readyIndex]
    }

    /// Forgets a partial line and message (the connection was lost), and an `id` seen since the
    /// last complete message; complete messages stay available.
    package mutating func reset() {
        line.removeAll(keepingCapacity: true)
        afterCR = false
        atStart = true
        data.removeAll(keepingCapacity: true)
        hasData = false
        event = nil
        lastID = dispatchedID
    }

    private mutating func endLine() {
        defer { line.removeAll(keepingCapacity: true) }
        if atStart {
            atStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        guard let first = line.first else {
            dispatch()
            return
        }
        if first == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let name = String(decoding: line[..<colon], as: UTF8.self)
        var valueStart = colon < line.endIndex ? colon + 1 : colon
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = line[valueStart...]
        switch name {
        case "data":
            if hasData { data.append(UInt8(ascii: "\n")) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            event = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        default:
            break  // retry, and fields this client does not know
        }
    }

    private mutating func dispatch() {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            event = nil
        }
        dispatchedID = lastID
        guard hasData else { return }
        ready.append(Message(id: lastID, event: event.flatMap { $0.isEmpty ? nil : $0 } ?? "message", data: String(decoding: data, as: UTF8.self)))
    }
}

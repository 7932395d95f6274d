internal import Crypto

/// What a transcript's lines were (the counting rules of the shared corpus's `truth.py`).
public struct TranscriptLineCounts: Sendable, Hashable {
    public var total = 0, blank = 0, nonJSON = 0, nonObject = 0, untyped = 0, malformed = 0, duplicate = 0, oversized = 0
    public init() {}
    /// Lines skipped as junk: what the importer reports.
    public var junk: Int { nonJSON + nonObject + untyped + malformed + oversized }
}

/// An event read from a transcript, with its time from the file.
public struct TranscriptRead: Sendable, Hashable {
    public var time: Timestamp
    public var event: NewEvent

    public init(time: Timestamp, event: NewEvent) {
        self.time = time
        self.event = event
    }
}

/// A reader of one assistant's line-per-record transcript (Claude Code's transcripts, Codex's
/// rollouts): lines in, events out, pure. An import stores ``continuation`` with the bytes it
/// read, and the next run over the grown file starts a reader from it.
public protocol TranscriptReading: Sendable {
    /// A reader that goes on from where an earlier run stopped (`nil`: from the start).
    init(continuing: JSONValue?)
    /// The events of one line (without its `\n`).
    mutating func read(_ line: ArraySlice<UInt8>) -> [TranscriptRead]
    /// What is still open: called once the lines of this run are read.
    mutating func finish() -> [TranscriptRead]
    var lines: TranscriptLineCounts { get }
    /// The assistant's id of the session the lines belong to.
    var sessionID: String? { get }
    var firstTime: Timestamp? { get }
    var lastTime: Timestamp? { get }
    /// What the next run needs to go on (small), kept in the session's state.
    var continuation: JSONValue? { get }
}

/// One line of a transcript as a JSON object with a string `type`, or the reason it is junk.
public enum TranscriptLine {
    /// Longest line read; a longer one is skipped and counted (`oversized`).
    public static let maxBytes = 16 << 20

    static func object(_ line: ArraySlice<UInt8>, counts: inout TranscriptLineCounts) -> [String: JSONValue]? {
        counts.total += 1
        guard line.count <= maxBytes else {
            counts.oversized += 1
            return nil
        }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else {
            counts.blank += 1
            return nil
        }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(Array(line), limits: JSONParser.Limits(maxDepth: 128, maxBytes: maxBytes, maxStringBytes: maxBytes))
        } catch {
            counts.nonJSON += 1
            return nil
        }
        guard case .object(let o) = parsed else {
            counts.nonObject += 1
            return nil
        }
        guard o["type"]?.stringValue != nil else {
            counts.untyped += 1
            return nil
        }
        return o
    }

    /// A short hash of a line: the idempotency key of a line that has no id of its own.
    static func hash(_ bytes: ArraySlice<UInt8>) -> String {
        Hex.encode(Array(SHA256.hash(data: Array(bytes)).prefix(12)))
    }
}

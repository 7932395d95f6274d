public import Foundation
public import SessionCore

/// Imports an assistant's transcripts into sessions (`sessiond import claude-code|codex|gemini`):
/// one session per assistant session id, found by its external id (`claude-code:<id>`), so that
/// what hooks recorded and what an import reads land in the same session; subagents' files
/// become child sessions. Each assistant's files have their own extension of this type.
///
/// Idempotent and incremental: each session keeps in its state (`assistant.import`) how many
/// bytes of its file it took and their SHA-256. When the file still starts with those bytes only
/// what follows is read; otherwise the whole file is read again and the idempotency keys of its
/// lines keep anything from being stored twice (a copy, a moved file, a rewritten one). A last
/// line without its `\n` (an assistant writing it right now) waits for the next run. The file is
/// read in chunks, so memory stays flat whatever its size.
public struct TranscriptImporter: Sendable {
    public let manager: SessionManager
    public let kind: AssistantKind
    public var userID: String?
    /// Events per transaction.
    public var batchSize = 500
    static let chunkBytes = 1 << 20

    public init(manager: SessionManager, kind: AssistantKind = .claudeCode, userID: String?) {
        self.manager = manager
        self.kind = kind
        self.userID = userID
    }

    /// Where the assistant keeps its transcripts, in `environment`.
    public static func defaultRoots(_ kind: AssistantKind, environment: [String: String]) -> [String] {
        let home = environment["HOME"] ?? NSHomeDirectory()
        switch kind {
        case .claudeCode: return [(environment["CLAUDE_CONFIG_DIR"] ?? home + "/.claude") + "/projects"]
        case .codex: return [(environment["CODEX_HOME"] ?? home + "/.codex") + "/sessions"]
        case .gemini: return [home + "/.gemini/tmp"]
        }
    }

    /// What importing one file did: the `--json` line of `sessiond import`.
    public struct FileReport: Sendable, Hashable {
        public var path: String
        public var kind: AssistantKind = .claudeCode
        public var sessionID: UUID?
        public var externalID: String?
        public var events = 0
        public var children = 0
        public var lines = TranscriptLineCounts()
        public var bytesRead = 0
        /// Why nothing was imported (no session id in the file, unreadable).
        public var problem: String?
        /// The newest record time of the file.
        public var lastAt: Timestamp?

        public var json: JSONValue {
            var o: [String: JSONValue] = [
                "path": .string(path), "source": .string(kind.rawValue), "events": .int(Int64(events)), "children": .int(Int64(children)),
                "skipped_lines": .int(Int64(lines.junk)), "lines": .int(Int64(lines.total)), "bytes_read": .int(Int64(bytesRead)),
            ]
            o["session_id"] = sessionID.map { .string($0.lowercased) } ?? .null
            o["external_id"] = externalID.map { .string("\(kind.rawValue):\($0)") } ?? .null
            o["problem"] = problem.map(JSONValue.string)
            return .object(o)
        }
    }

    /// Imports `paths` (files, or directories searched recursively); one report per file.
    public func importAll(_ paths: [String]) async -> [FileReport] {
        var reports: [FileReport]
        switch kind {
        case .claudeCode: reports = await importClaudeCode(paths)
        case .codex: reports = await importCodex(paths)
        case .gemini: reports = await importGemini(paths)
        }
        for index in reports.indices { reports[index].kind = kind }
        // Ended last, children first: a quiet transcript's session ends at its last line.
        for report in reports.reversed() {
            guard let id = report.sessionID, let last = report.lastAt else { continue }
            try? await manager.endImported(id, lastAt: last)
        }
        return reports
    }

    /// Every file under `paths` whose name `accept`s, without repeats, sorted.
    static func files(under paths: [String], accept: (String) -> Bool) -> [String] {
        var found: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue {
                found.insert(path)
                continue
            }
            guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
            for case let relative as String in walker where accept(URL(fileURLWithPath: relative).lastPathComponent) {
                found.insert(URL(fileURLWithPath: path).appendingPathComponent(relative).path)
            }
        }
        return found.sorted()
    }

    /// A reader fed the first lines of `handle` until it knows the session they belong to (at
    /// most 8 MiB), and the handle back at the start.
    static func probe<Reader: TranscriptReading>(_ handle: FileHandle, as _: Reader.Type) throws -> Reader {
        var probe = Reader(continuing: nil)
        var head: [UInt8] = []
        var probed = 0  // bytes of `head` whose lines the probe has read
        while probe.sessionID == nil, head.count < 8 << 20, let chunk = try handle.read(upToCount: 64 << 10), !chunk.isEmpty {
            head += chunk
            guard let lastNewline = head.lastIndex(of: 0x0A), lastNewline >= probed else { continue }
            for line in head[probed..<lastNewline].split(separator: 0x0A, omittingEmptySubsequences: false) { _ = probe.read(line) }
            probed = lastNewline + 1
        }
        try handle.seek(toOffset: 0)
        return probe
    }

    /// Reads the lines of `handle` that `session` has not taken yet into it, in batches, and
    /// returns the reader that read them (for what the file said on the way).
    func stream<Reader: TranscriptReading>(_ handle: FileHandle, into session: Session, as _: Reader.Type, report: inout FileReport) async throws -> Reader {
        // Where the last run stopped, if the file still starts with what it read.
        let stored = session.state["assistant"]?["import"]
        var hash = ContentHash()
        var offset: UInt64 = 0
        var continuing: JSONValue?
        try handle.seek(toOffset: 0)
        if let bytes = stored?["bytes"]?.int64Value, bytes > 0, let digest = stored?["sha256"]?.stringValue,
            let size = try? handle.seekToEnd(), UInt64(bytes) <= size
        {
            try handle.seek(toOffset: 0)
            var remaining = Int(bytes)
            var candidate = ContentHash()
            while remaining > 0, let chunk = try handle.read(upToCount: min(remaining, Self.chunkBytes)), !chunk.isEmpty {
                chunk.withUnsafeBytes { candidate.update($0) }
                remaining -= chunk.count
            }
            if remaining == 0, candidate.hex == digest {
                hash = candidate
                offset = UInt64(bytes)
                continuing = stored?["reader"]
            } else {
                try handle.seek(toOffset: 0)
            }
        }

        var reader = Reader(continuing: continuing)
        var pending: [TranscriptRead] = []
        var carry: [UInt8] = []
        var consumed = offset
        func progress() -> JSONValue {
            var p: [String: JSONValue] = ["bytes": .int(Int64(consumed)), "sha256": .string(hash.hex)]
            p["last_at"] = reader.lastTime.map { .int($0.milliseconds) }
            p["reader"] = reader.continuation
            return .object(p)
        }
        while let chunk = try handle.read(upToCount: Self.chunkBytes), !chunk.isEmpty {
            report.bytesRead += chunk.count
            carry += chunk
            guard let lastNewline = carry.lastIndex(of: 0x0A) else {
                if carry.count > TranscriptLine.maxBytes * 2 { carry.removeAll(keepingCapacity: false) }  // one enormous line: it is skipped when its end comes
                continue
            }
            let complete = carry[..<(lastNewline + 1)]
            for line in complete.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
                pending += reader.read(line)
            }
            complete.withUnsafeBytes { hash.update($0) }
            consumed += UInt64(complete.count)
            carry.removeSubrange(..<(lastNewline + 1))
            if pending.count >= batchSize {
                report.events += try await manager.importEvents(session.id, pending, progress: progress())
                pending.removeAll(keepingCapacity: true)
            }
        }
        pending += reader.finish()
        report.events += try await manager.importEvents(session.id, pending, progress: progress())
        report.lines = reader.lines
        report.lastAt = reader.lastTime ?? stored?["last_at"]?.int64Value.map(Timestamp.init(milliseconds:))
        return reader
    }
}

public import Foundation
public import SessionCore

/// Imports Claude Code transcripts into sessions (`sessiond import claude-code`): a main file
/// `<session>.jsonl` becomes the session `claude-code:<sessionId>`, each subagent file (nested
/// `<session>/subagents/agent-<id>.jsonl`, or flat `agent-<id>.jsonl` beside it naming the same
/// session) a child `claude-code:<sessionId>/<agentId>`.
///
/// Idempotent and incremental: each session keeps in its state (`assistant.import`) how many
/// bytes of its file it took and their SHA-256. When the file still starts with those bytes only
/// what follows is read; otherwise the whole file is read again and the idempotency keys of its
/// lines keep anything from being stored twice (a copy, a moved file, a rewritten one). A last
/// line without its `\n` (an assistant writing it right now) waits for the next run. The file is
/// read in chunks, so memory stays flat whatever its size.
public struct TranscriptImporter: Sendable {
    public let manager: SessionManager
    public var userID: String?
    /// Events per transaction.
    public var batchSize = 500
    static let chunkBytes = 1 << 20

    public init(manager: SessionManager, userID: String?) {
        self.manager = manager
        self.userID = userID
    }

    /// What importing one file did: the `--json` line of `sessiond import`.
    public struct FileReport: Sendable, Hashable {
        public var path: String
        public var sessionID: UUID?
        public var externalID: String?
        public var events = 0
        public var children = 0
        public var lines = ClaudeTranscriptReader.LineCounts()
        public var bytesRead = 0
        /// Why nothing was imported (no session id in the file, unreadable).
        public var problem: String?
        /// The newest line time of the file.
        public var lastAt: Timestamp?

        public var json: JSONValue {
            var o: [String: JSONValue] = [
                "path": .string(path), "source": "claude-code", "events": .int(Int64(events)), "children": .int(Int64(children)),
                "skipped_lines": .int(Int64(lines.junk)), "lines": .int(Int64(lines.total)), "bytes_read": .int(Int64(bytesRead)),
            ]
            o["session_id"] = sessionID.map { .string($0.lowercased) } ?? .null
            o["external_id"] = externalID.map { .string("claude-code:\($0)") } ?? .null
            o["problem"] = problem.map(JSONValue.string)
            return .object(o)
        }
    }

    /// The transcript files under `paths` (files, or directories searched recursively), main
    /// files first with their subagent files after them.
    public static func files(under paths: [String]) -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue {
                found.append(path)
                continue
            }
            guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".jsonl") {
                found.append(URL(fileURLWithPath: path).appendingPathComponent(relative).path)
            }
        }
        func isSubagent(_ path: String) -> Bool { URL(fileURLWithPath: path).lastPathComponent.hasPrefix("agent-") }
        let sorted = Array(Set(found)).sorted { a, b in
            isSubagent(a) == isSubagent(b) ? a < b : !isSubagent(a)
        }
        // A nested subagent after the subagent that spawned it.
        let depth = Dictionary(uniqueKeysWithValues: sorted.map { ($0, nestingDepth($0)) })
        return sorted.enumerated().sorted { a, b in
            (depth[a.element] ?? 0, a.offset) < (depth[b.element] ?? 0, b.offset)
        }.map(\.element)
    }

    /// The subagent file that spawned `path`: its `agent-<id>.meta.json` sidecar names the
    /// `toolUseId` of the call, and the sibling file holding that `tool_use` is the parent.
    static func spawningFile(of path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let meta = url.deletingPathExtension().appendingPathExtension("meta.json")
        guard let data = FileManager.default.contents(atPath: meta.path), let sidecar = try? JSONParser.parse(Array(data)),
            let toolUseID = sidecar["toolUseId"]?.stringValue, !toolUseID.isEmpty,
            let siblings = try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        else { return nil }
        let needle = Array("\"\(toolUseID)\"".utf8)
        for name in siblings.sorted() where name.hasPrefix("agent-") && name.hasSuffix(".jsonl") && name != url.lastPathComponent {
            let sibling = url.deletingLastPathComponent().appendingPathComponent(name)
            guard let bytes = FileManager.default.contents(atPath: sibling.path) else { continue }
            if Array(bytes).firstRange(of: needle) != nil { return sibling.path }
        }
        return nil
    }

    static func nestingDepth(_ path: String) -> Int {
        var depth = 0
        var current = path
        var seen: Set<String> = [path]
        while let parent = spawningFile(of: current), seen.insert(parent).inserted, depth < 16 {
            depth += 1
            current = parent
        }
        return depth
    }

    /// Imports `paths`; one report per file.
    public func importAll(_ paths: [String]) async -> [FileReport] {
        var reports: [FileReport] = []
        var parents: [String: UUID] = [:]  // sessionId -> main session
        for file in Self.files(under: paths) {
            var report = await importFile(file, parents: parents)
            if let id = report.sessionID, report.problem == nil, let external = report.externalID, !external.contains("/") {
                parents[external] = id
            }
            if report.externalID?.contains("/") == true, let parent = report.externalID?.split(separator: "/").first,
                let index = reports.firstIndex(where: { $0.externalID == String(parent) })
            {
                reports[index].children += 1
            }
            report.path = file
            reports.append(report)
        }
        // Ended last, children first: a quiet transcript's session ends at its last line.
        for report in reports.reversed() {
            guard let id = report.sessionID, let last = report.lastAt else { continue }
            try? await manager.endImported(id, lastAt: last)
        }
        return reports
    }

    /// Imports one file; `parents` maps session ids already imported in this run to their sessions.
    public func importFile(_ path: String, parents: [String: UUID] = [:]) async -> FileReport {
        var report = FileReport(path: path)
        do {
            try await importFile(path, parents: parents, into: &report)
        } catch {
            report.problem = "\(error)"
        }
        return report
    }

    private func importFile(_ path: String, parents: [String: UUID], into report: inout FileReport) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            report.problem = "cannot read \(path)"
            return
        }
        defer { try? handle.close() }
        // The first lines name the session (and the agent): read until they do.
        var probe = ClaudeTranscriptReader()
        var head: [UInt8] = []
        var probed = 0  // bytes of `head` whose lines the probe has read
        while probe.sessionID == nil, head.count < 8 << 20, let chunk = try handle.read(upToCount: 64 << 10), !chunk.isEmpty {
            head += chunk
            guard let lastNewline = head.lastIndex(of: 0x0A), lastNewline >= probed else { continue }
            for line in head[probed..<lastNewline].split(separator: 0x0A, omittingEmptySubsequences: false) { _ = probe.read(line) }
            probed = lastNewline + 1
        }
        guard let sessionID = probe.sessionID else {
            report.problem = "no sessionId in the first lines: not a Claude Code transcript"
            report.lines = probe.lines
            return
        }
        let fileName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let isSubagent = fileName.hasPrefix("agent-") || (probe.sidechain && probe.agentID != nil)
        let agentID = probe.agentID ?? (fileName.hasPrefix("agent-") ? String(fileName.dropFirst(6)) : nil)
        let externalID = isSubagent ? AssistantKind.subagentExternalID(session: sessionID, agent: agentID ?? fileName) : sessionID
        report.externalID = externalID

        var parentID: UUID?
        if isSubagent {
            var reference = parents[sessionID].map(SessionReference.id) ?? AssistantKind.claudeCode.reference(sessionID)
            if let spawner = Self.spawningFile(of: path) {
                let stem = URL(fileURLWithPath: spawner).deletingPathExtension().lastPathComponent.dropFirst(6)
                reference = AssistantKind.claudeCode.reference(AssistantKind.subagentExternalID(session: sessionID, agent: String(stem)))
            }
            let parent = try await manager.session(reference)
            if parent.status.hasEnded { try await manager.reopenImported(parent.id) }  // ended again with the run
            parentID = parent.id
        }
        var labels: [String: String] = ["recorded_by": "transcript"]
        if isSubagent { labels["subagent"] = "true" }
        let session = try await manager.importSession(
            kind: .claudeCode, externalID: externalID, parentID: parentID, createdAt: probe.firstTime ?? Timestamp(milliseconds: 0), userID: userID,
            context: ["assistant": ["name": "claude-code", "session_id": .string(sessionID), "transcript_path": .string(path)]], labels: labels)
        report.sessionID = session.id

        // Where the last run stopped, if the file still starts with what it read.
        let stored = session.state["assistant"]?["import"]
        var hash = ContentHash()
        var offset: UInt64 = 0
        var continuing: ClaudeTranscriptReader.StoredMessage?
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
                if let id = stored?["last_message"]?["id"]?.stringValue, case .object(let usage)? = stored?["last_message"]?["usage"] {
                    continuing = .init(id: id, usage: usage.compactMapValues(\.int64Value))
                }
            } else {
                try handle.seek(toOffset: 0)
            }
        }

        var reader = ClaudeTranscriptReader(continuing: continuing)
        var pending: [ClaudeTranscriptReader.Read] = []
        var carry: [UInt8] = []
        var consumed = offset
        func progress() -> JSONValue {
            var p: [String: JSONValue] = ["bytes": .int(Int64(consumed)), "sha256": .string(hash.hex)]
            p["last_at"] = reader.lastTime.map { .int($0.milliseconds) }
            if let last = reader.lastMessage { p["last_message"] = ["id": .string(last.id), "usage": .object(last.usage.mapValues { .int($0) })] }
            return .object(p)
        }
        while let chunk = try handle.read(upToCount: Self.chunkBytes), !chunk.isEmpty {
            report.bytesRead += chunk.count
            carry += chunk
            guard let lastNewline = carry.lastIndex(of: 0x0A) else {
                if carry.count > ClaudeTranscriptReader.maxLineBytes * 2 { carry.removeAll(keepingCapacity: false) }  // one enormous line: it is skipped when its end comes
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
    }
}

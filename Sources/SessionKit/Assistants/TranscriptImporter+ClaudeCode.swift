import Foundation
import SessionCore

/// Claude Code: a main file `<session>.jsonl` becomes the session `claude-code:<sessionId>`,
/// each subagent file (nested `<session>/subagents/agent-<id>.jsonl`, or flat `agent-<id>.jsonl`
/// beside it naming the same session) a child `claude-code:<sessionId>/<agentId>`.
extension TranscriptImporter {
    /// The transcript files under `paths` (files, or directories searched recursively), main
    /// files first with their subagent files after them.
    static func claudeFiles(under paths: [String]) -> [String] {
        let found = files(under: paths) { $0.hasSuffix(".jsonl") }
        func isSubagent(_ path: String) -> Bool { URL(fileURLWithPath: path).lastPathComponent.hasPrefix("agent-") }
        let sorted = found.sorted { a, b in
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


    /// Imports Claude Code transcripts: main files first, each subagent file after the file that spawned it.
    func importClaudeCode(_ paths: [String]) async -> [FileReport] {
        var reports: [FileReport] = []
        var parents: [String: UUID] = [:]  // sessionId -> main session
        for file in Self.claudeFiles(under: paths) {
            var report = await importClaudeFile(file, parents: parents)
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
        return reports
    }

    /// Imports one file; `parents` maps session ids already imported in this run to their sessions.
    func importClaudeFile(_ path: String, parents: [String: UUID]) async -> FileReport {
        var report = FileReport(path: path)
        do {
            try await importClaudeFile(path, parents: parents, into: &report)
        } catch {
            report.problem = "\(error)"
        }
        return report
    }


    private func importClaudeFile(_ path: String, parents: [String: UUID], into report: inout FileReport) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            report.problem = "cannot read \(path)"
            return
        }
        defer { try? handle.close() }
        // The first lines name the session (and the agent).
        let probe = try Self.probe(handle, as: ClaudeTranscriptReader.self)
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
        _ = try await stream(handle, into: session, as: ClaudeTranscriptReader.self, report: &report)
    }
}

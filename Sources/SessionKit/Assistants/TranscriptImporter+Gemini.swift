import Foundation
import SessionCore

/// Gemini CLI: a saved session `session-*.json` becomes the session `gemini:<sessionId>`; a prompt
/// log `logs.json` adds its prompts to the sessions it names. Both are single JSON documents that
/// Gemini rewrites as it goes, so a changed file is read whole (the message ids keep what was
/// stored from being stored again) and an unchanged one, known by its SHA-256, is not parsed.
extension TranscriptImporter {
    /// Largest Gemini file read; a larger one is reported and skipped.
    static let maxGeminiFileBytes = 256 << 20

    func importGemini(_ paths: [String]) async -> [FileReport] {
        var reports: [FileReport] = []
        let files = Self.files(under: paths) { $0.hasSuffix(".json") && ($0.hasPrefix("session-") || $0 == "logs.json") }
        // Saved sessions before prompt logs: a session's start time comes from its own file.
        for file in files.sorted(by: { (isPromptLog($0) ? 1 : 0, $0) < (isPromptLog($1) ? 1 : 0, $1) }) {
            reports += await importGeminiFile(file)
        }
        return reports
    }

    private func isPromptLog(_ path: String) -> Bool { URL(fileURLWithPath: path).lastPathComponent == "logs.json" }

    private func importGeminiFile(_ path: String) async -> [FileReport] {
        var report = FileReport(path: path, kind: .gemini)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= Self.maxGeminiFileBytes else {
            report.problem = "\(size) bytes: larger than \(Self.maxGeminiFileBytes), skipped"
            report.lines.oversized = 1
            return [report]
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            report.problem = "cannot read \(path)"
            return [report]
        }
        report.bytesRead = data.count
        var hash = ContentHash()
        data.withUnsafeBytes { hash.update($0) }
        let digest = hash.hex
        guard let document = try? JSONParser.parse(Array(data), limits: JSONParser.Limits(maxDepth: 128, maxBytes: Self.maxGeminiFileBytes, maxStringBytes: Self.maxGeminiFileBytes)) else {
            report.problem = "not JSON: not a Gemini CLI session or prompt log"
            report.lines.total = 1
            report.lines.nonJSON = 1
            return [report]
        }
        let sessions = GeminiSessionReader.read(document)
        guard !sessions.isEmpty else {
            report.problem = "no sessionId: not a Gemini CLI session or prompt log"
            report.lines.total = 1
            report.lines.untyped = 1
            return [report]
        }
        let progressKey = isPromptLog(path) ? "import_log" : "import"
        var reports: [FileReport] = []
        for read in sessions {
            var one = report
            one.externalID = read.sessionID
            one.lines.total = read.records
            one.lines.malformed = read.skipped
            one.lastAt = read.lastTime
            do {
                var assistant: [String: JSONValue] = ["name": "gemini", "session_id": .string(read.sessionID), "transcript_path": .string(path)]
                assistant["project_hash"] = read.projectHash.map(JSONValue.string)
                let session = try await manager.importSession(
                    kind: .gemini, externalID: read.sessionID, parentID: nil, createdAt: read.startTime ?? Timestamp(milliseconds: 0), userID: userID,
                    context: ["assistant": .object(assistant)], labels: ["recorded_by": "transcript"])
                one.sessionID = session.id
                if session.state["assistant"]?[progressKey]?["sha256"]?.stringValue != digest {
                    var progress: [String: JSONValue] = ["bytes": .int(Int64(data.count)), "sha256": .string(digest)]
                    progress["last_at"] = read.lastTime.map { .int($0.milliseconds) }
                    for start in stride(from: 0, to: read.reads.count, by: batchSize) {
                        let batch = Array(read.reads[start..<min(start + batchSize, read.reads.count)])
                        let last = start + batchSize >= read.reads.count
                        one.events += try await manager.importEvents(session.id, batch, progress: last ? .object(progress) : nil, progressKey: progressKey)
                    }
                }
            } catch {
                one.problem = "\(error)"
            }
            reports.append(one)
        }
        return reports
    }
}

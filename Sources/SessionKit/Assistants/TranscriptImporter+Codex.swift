import Foundation
import SessionCore
import SessionStore

/// Codex: a rollout `rollout-<time>-<id>.jsonl` becomes the session `codex:<id>` (its
/// `session_meta` id, the id Codex's hooks name too). A subagent's rollout is a session of its own
/// and a child of the rollout that spawned it: the parent its `session_meta` names, or the
/// rollout whose `collab_agent_spawn_end` names its thread, or, for a review, the rollout with
/// an `entered_review_mode` within a second of its start in the same directory. A subagent whose
/// parent is not among the files imported (nor stored before) is imported without one.
extension TranscriptImporter {
    /// What a parent rollout leaves for its subagents to find it by.
    struct CodexParent {
        var sessionID: UUID
        var cwd: String?
        var reviews: [Timestamp]
        var spawned: Set<String>
    }

    func importCodex(_ paths: [String]) async -> [FileReport] {
        // Main rollouts first: a subagent links to a parent read before it.
        var probed: [(path: String, probe: CodexRolloutReader?)] = []
        for file in Self.files(under: paths, accept: { $0.hasSuffix(".jsonl") }) {
            let probe = FileHandle(forReadingAtPath: file).flatMap { handle in
                defer { try? handle.close() }
                return try? Self.probe(handle, as: CodexRolloutReader.self)
            }
            probed.append((file, probe))
        }
        probed.sort { ($0.probe?.subagentKind != nil ? 1 : 0, $0.path) < ($1.probe?.subagentKind != nil ? 1 : 0, $1.path) }
        var parents: [String: CodexParent] = [:]  // by Codex session id
        var reports: [FileReport] = []
        for (file, probe) in probed {
            var report = FileReport(path: file, kind: .codex)
            do {
                if let parent = try await importCodexFile(file, probe: probe, parents: parents, into: &report) {
                    if let external = report.externalID { parents[external] = parent }
                }
            } catch {
                report.problem = "\(error)"
            }
            reports.append(report)
        }
        for index in reports.indices {
            guard let id = reports[index].sessionID else { continue }
            reports[index].children = (try? await manager.store.descendants(of: id).filter { $0.parentID == id }.count) ?? 0
        }
        return reports
    }

    /// Imports one rollout; returns what its subagents find it by.
    private func importCodexFile(_ path: String, probe: CodexRolloutReader?, parents: [String: CodexParent], into report: inout FileReport) async throws -> CodexParent? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            report.problem = "cannot read \(path)"
            return nil
        }
        defer { try? handle.close() }
        guard let probe, let sessionID = probe.sessionID else {
            report.problem = "no session_meta in the first lines: not a Codex rollout"
            report.lines = probe?.lines ?? TranscriptLineCounts()
            return nil
        }
        report.externalID = sessionID
        let cwd = probe.meta["cwd"]?.stringValue
        var parentID: UUID?
        if let kind = probe.subagentKind {
            let started = probe.meta["timestamp"]?.stringValue.flatMap(Timestamp.init(iso8601:)) ?? probe.firstTime
            let found =
                probe.parentThreadID.flatMap { parents[$0]?.sessionID }
                ?? parents.values.first { $0.spawned.contains(sessionID) }?.sessionID
                ?? parents.values.first { parent in
                    kind == "review" && parent.cwd == cwd && started.map { start in parent.reviews.contains { abs($0.milliseconds(since: start)) <= 1000 } } == true
                }?.sessionID
            if let found {
                parentID = found
            } else if let named = probe.parentThreadID, let stored = try? await manager.session(AssistantKind.codex.reference(named)) {
                parentID = stored.id
            }
            if let parentID, try await manager.session(parentID).status.hasEnded { try await manager.reopenImported(parentID) }  // ended again with the run
        }
        var labels: [String: String] = ["recorded_by": "transcript"]
        if let cwd, !cwd.isEmpty { labels["cwd"] = String(cwd.suffix(SessionSpec.maxFieldLength)) }  // the repository slice of the analytics
        if let kind = probe.subagentKind {
            labels["subagent"] = "true"
            labels["subagent_kind"] = String(kind.prefix(64))
        }
        var assistant: [String: JSONValue] = ["name": "codex", "session_id": .string(sessionID), "transcript_path": .string(path)]
        for (key, value) in probe.meta where key != "id" { assistant[key] = value }
        let session = try await manager.importSession(
            kind: .codex, externalID: sessionID, parentID: parentID, createdAt: probe.firstTime ?? Timestamp(milliseconds: 0), userID: userID,
            context: ["assistant": .object(assistant)], labels: labels)
        report.sessionID = session.id
        let reader = try await stream(handle, into: session, as: CodexRolloutReader.self, report: &report)
        return CodexParent(sessionID: session.id, cwd: cwd, reviews: reader.reviewTimes, spawned: Set(reader.spawnedThreads))
    }
}

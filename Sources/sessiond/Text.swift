import Foundation
import SessionCore

/// Human-readable renderings for the terminal.
enum Text {
    static func session(_ s: Session, full: Bool) -> String {
        if !full {
            let user = s.userID ?? "-"
            return "\(s.id.lowercased)  \(s.status.rawValue.padding(12))  \(s.application.padding(14))  \(user.padding(10))  events=\(s.counters.events)  \(s.createdAt.iso8601)"
        }
        var lines = [
            "session     \(s.id.lowercased)",
            "status      \(s.status.rawValue)" + (s.endReason.map { " (\($0))" } ?? "") + (s.outcome.map { " outcome=\($0.rawValue)" } ?? ""),
            "application \(s.application)",
        ]
        if let u = s.userID { lines.append("user        \(u)") }
        if let p = s.parentID { lines.append("parent      \(p.lowercased) (depth \(s.depth), root \(s.rootID.lowercased))") }
        if let x = s.externalID { lines.append("external id \(x)") }
        if let p = s.projectKey { lines.append("project     \(p)") }
        if !s.labels.isEmpty { lines.append("labels      " + s.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) }
        lines.append("created     \(s.createdAt.iso8601)")
        lines.append("last active \(s.lastActivityAt.iso8601)")
        if let e = s.endedAt { lines.append("ended       \(e.iso8601)") }
        lines.append("events      \(s.counters.events) (errors \(s.counters.errors), tool calls \(s.counters.toolCalls)), last seq \(s.lastSeq)")
        lines.append("state       \(s.state)")
        return lines.joined(separator: "\n")
    }

    static func event(_ e: SessionEvent) -> String {
        var line = "\(String(e.seq).padding(6)) \(e.time.iso8601)  \(e.type.padding(24)) \(e.data)"
        if let delta = e.stateDelta { line += "  Δ \(delta)" }
        return line
    }

    /// An assistant session's counts (`agent` or `agent_tree` of its metrics).
    static func agent(_ a: JSONValue, title: String) -> String {
        func n(_ key: String) -> String { a[key]?.int64Value.map(String.init) ?? "0" }
        let t = a["tokens"]
        let tokens = ["input", "output", "cache_read", "cache_creation"].map { "\($0) \(t?[$0]?.int64Value ?? 0)" }.joined(separator: ", ")
        let models = a["models"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
        let cost = a["cost_usd"]?.doubleValue.map { String(format: "%.4f", $0) } ?? "0"
        return [
            "\(title.padding(toLength: 11, withPad: " ", startingAt: 0)) prompts \(n("prompts")), assistant messages \(n("assistant_messages")), tool calls \(n("tool_calls")) (errors \(n("tool_errors"))), compactions \(n("compactions")), subagents \(n("subagents"))",
            "            tokens: \(tokens); models: \(models.isEmpty ? "none" : models); cost $\(cost)",
        ].joined(separator: "\n")
    }

    static func metrics(_ m: SessionMetrics) -> String {
        [
            "status      \(m.status.rawValue)" + (m.outcome.map { " outcome=\($0.rawValue)" } ?? "") + (m.endReason.map { " (\($0))" } ?? ""),
            "duration    \(DurationText.format(milliseconds: m.durationMs)) (active \(DurationText.format(milliseconds: m.activeMs)), idle \(DurationText.format(milliseconds: m.idleMs)), suspended \(DurationText.format(milliseconds: m.suspendedMs)))",
            "events      \(m.events) (errors \(m.errors), tool calls \(m.toolCalls))",
            "tokens      \(m.tokens), cost $\(m.costUSD)",
            "children    \(m.children)",
        ].joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

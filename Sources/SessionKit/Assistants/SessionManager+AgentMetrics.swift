public import Foundation
public import SessionCore
import SessionStore

extension SessionManager {
    /// A session's ``AgentCounts`` (`agent`) and the same summed over it and its descendants
    /// (`agent_tree`), read from their events a page at a time.
    public func agentMetrics(_ id: UUID, prices: PriceTable = .default) async throws -> (own: AgentCounts, tree: AgentCounts) {
        let root = try await session(id)
        var own = try await agentCounts(root.id, prices: prices)
        let descendants = try await store.descendants(of: root.id)
        own.subagents = max(own.subagents, descendants.filter { $0.parentID == root.id }.count)
        var tree = own
        for session in descendants {
            var counts = try await agentCounts(session.id, prices: prices)
            counts.subagents = max(counts.subagents, descendants.filter { $0.parentID == session.id }.count)
            tree = tree + counts
        }
        return (own, tree)
    }

    private func agentCounts(_ id: UUID, prices: PriceTable) async throws -> AgentCounts {
        var counter = AgentCounts.Counter()
        try await forEachEvent(of: id) { counter.add($0) }
        return counter.counts(prices: prices)
    }

    /// Hands `body` the session's events in order, read a page at a time, at most `limit` of them.
    func forEachEvent(of id: UUID, limit: Int = .max, _ body: (SessionEvent) -> Void) async throws {
        var after: Int64 = 0
        var seen = 0
        while seen < limit {
            let page = try await store.events(id, afterSeq: after, limit: 1000, types: [])
            for event in page.prefix(limit - seen) { body(event) }
            seen += page.count
            guard let last = page.last, page.count == 1000 else { break }
            after = last.seq
        }
    }
}

extension SessionManager {
    /// `GET /v1/sessions/{id}/metrics` and `sessiond metrics --json`: the session's metrics, and
    /// for an assistant's session (`claude-code`, `codex`, `gemini`) its `agent` and `agent_tree`.
    public func metricsDocument(_ id: UUID) async throws -> JSONValue {
        let session = try await session(id)
        let metrics = session.finalMetrics ?? SessionMetrics(of: session, now: clock.now())
        guard AssistantKind(rawValue: session.application) != nil, case .object(var o) = metrics.json else { return metrics.json }
        let (own, tree) = try await agentMetrics(id, prices: configuration.prices)
        o["agent"] = own.json
        o["agent_tree"] = tree.json
        return .object(o)
    }
}

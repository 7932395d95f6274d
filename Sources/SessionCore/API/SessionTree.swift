/// A session, its descendants and their totals: `GET /v1/sessions/{id}/tree`,
/// `{"root": ..., "descendants": [...], "metrics": ...}`, sessions without context and state.
public struct SessionTree: Sendable, Hashable {
    public var root: Session
    /// Children, their children, and so on; not the root.
    public var descendants: [Session]
    public var metrics: TreeMetrics

    public init(root: Session, descendants: [Session], metrics: TreeMetrics) {
        self.root = root
        self.descendants = descendants
        self.metrics = metrics
    }

    /// The tree as the API and `sessiond tree --json` show it.
    public var json: JSONValue {
        ["root": root.json(full: false), "descendants": .array(descendants.map { $0.json(full: false) }), "metrics": metrics.json]
    }

    /// Reads a tree as ``json`` writes it.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "a tree")
        guard let root = o["root"], let metrics = o["metrics"] else { throw SessionError(.invalidArgument, "a tree needs root and metrics") }
        self.init(root: try Session(json: root), descendants: try o.array("descendants", Session.init(json:)), metrics: try TreeMetrics(json: metrics))
    }
}

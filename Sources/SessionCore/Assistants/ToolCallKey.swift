internal import Crypto

/// How a tool call's start is found again when it finishes: by `tool_use_id`, or, for payloads
/// from before Claude Code sent one, by a fingerprint of the tool's name and input (the oldest
/// open call with that fingerprint is paired first: first in, first out).
public enum ToolCallKey: Sendable, Hashable {
    case id(String)
    case fingerprint(String)

    /// The key for a call of `tool` with `input`, by `id` when there is one.
    public init(id: String?, tool: String, input: JSONValue?) {
        if let id, !id.isEmpty {
            self = .id(id)
            return
        }
        var bytes = Array(tool.utf8)
        bytes.append(0)
        bytes += JSONWriter.bytes(input ?? .null)
        self = .fingerprint(Hex.encode(Array(SHA256.hash(data: bytes).prefix(8))))
    }

    /// The state key of the open call that `seq` started (fingerprints may repeat: the seq
    /// keeps them apart and in order).
    func stateKey(seq: Int64) -> String {
        switch self {
        case .id(let id): "id:\(id)"
        case .fingerprint(let print): "fp:\(print):\(seq)"
        }
    }

    /// The open call this finish pairs with, among `open` (state keys to their entries).
    func match(in open: [String: JSONValue]) -> String? {
        switch self {
        case .id(let id):
            let key = "id:\(id)"
            return open[key] == nil ? nil : key
        case .fingerprint(let print):
            let prefix = "fp:\(print):"
            return open.keys.filter { $0.hasPrefix(prefix) }.min { seq(of: $0) < seq(of: $1) }
        }
    }

    private func seq(of key: String) -> Int64 {
        key.split(separator: ":").last.flatMap { Int64($0) } ?? 0
    }
}

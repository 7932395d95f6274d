import Foundation
import SessionCore

/// Hook payloads that could not be recorded in time (the store busy past the hook's deadline,
/// the server down), one file each under `<data dir>/spool/<assistant>/`, named
/// `<nanoseconds>-<invocation key>.json` so that they replay in the order they came.
///
/// A replaying hook claims a file by renaming it (`.claimed`), records it under its invocation
/// key (a write that did commit before its hook gave up is not written twice) and deletes it.
/// A claim older than ``staleClaim`` belongs to a hook that died: it is taken over.
struct HookSpool {
    let directory: URL
    static let staleClaim: TimeInterval = 30

    init(dataDirectory: URL, kind: AssistantKind) {
        directory = dataDirectory.appendingPathComponent("spool").appendingPathComponent(kind.rawValue)
    }

    /// Writes `payload` atomically (a temporary name, then a rename).
    func add(_ payload: [UInt8], key: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = "\(String(format: "%020llu", UInt64(Date().timeIntervalSince1970 * 1e9)))-\(key).json"
        let temporary = directory.appendingPathComponent(".\(name).tmp")
        try Data(payload).write(to: temporary)
        try FileManager.default.moveItem(at: temporary, to: directory.appendingPathComponent(name))
    }

    /// One claimed payload: replay it, then ``done(_:)``.
    struct Entry {
        var url: URL
        var key: String
        var payload: [UInt8]
    }

    /// Claims the waiting payloads, oldest first; an empty or missing spool costs one directory read.
    func claim() -> [Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path), !names.isEmpty else { return [] }
        var entries: [Entry] = []
        for name in names.sorted() {
            let url = directory.appendingPathComponent(name)
            let claimed: URL
            if name.hasSuffix(".json") {
                claimed = directory.appendingPathComponent(name + ".claimed")
                guard rename(url.path, claimed.path) == 0 else { continue }  // another hook took it
            } else if name.hasSuffix(".json.claimed"), isStale(url) {
                claimed = url
                try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: url.path)
            } else {
                continue
            }
            guard let data = FileManager.default.contents(atPath: claimed.path) else { continue }
            let stem = claimed.lastPathComponent.replacingOccurrences(of: ".json.claimed", with: "")
            let key = stem.split(separator: "-", maxSplits: 1).last.map(String.init) ?? stem
            entries.append(Entry(url: claimed, key: key, payload: Array(data)))
        }
        return entries
    }

    func done(_ entry: Entry) {
        try? FileManager.default.removeItem(at: entry.url)
    }

    /// Puts a claimed payload back for the next hook.
    func release(_ entry: Entry) {
        let original = entry.url.path.replacingOccurrences(of: ".claimed", with: "")
        _ = rename(entry.url.path, original)
    }

    private func isStale(_ url: URL) -> Bool {
        guard let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date else { return false }
        return Date().timeIntervalSince(modified) > Self.staleClaim
    }
}

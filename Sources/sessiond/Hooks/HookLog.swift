import Foundation
import SessionCore

/// Where a hook reports its own trouble, since it must print nothing and always exit 0:
/// JSON lines in `<data dir>/hooks.log` (`{"time", "assistant", "event", "code", "message"}`),
/// moved to `hooks.log.1` past 1 MiB. Each line counts one hook that did not record at once;
/// `code` says why (`timeout`, `rejected_not_json`, `store_…`, …).
struct HookLog {
    let url: URL
    static let maxBytes = 1 << 20

    init(dataDirectory: URL) {
        url = dataDirectory.appendingPathComponent("hooks.log")
    }

    func write(assistant: String, event: String?, code: String, message: String) {
        var line: [String: JSONValue] = [
            "time": .string(ISO8601DateFormatter().string(from: Date())), "assistant": .string(assistant),
            "code": .string(code), "message": .string(String(message.prefix(2000))), "pid": .int(Int64(getpid())),
        ]
        line["event"] = event.map(JSONValue.string)
        let bytes = JSONWriter.bytes(.object(line)) + [UInt8(ascii: "\n")]
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > Self.maxBytes {
            _ = rename(url.path, url.path + ".1")
        }
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        bytes.withUnsafeBytes { _ = Foundation.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}

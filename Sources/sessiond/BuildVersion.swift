import Foundation

/// What `sessiond --version` prints: the release and the commit of the checkout it was built from.
enum BuildVersion {
    /// The release this source tree is.
    static let release = "0.12.0"

    /// `0.12.0 (commit 4718f9f)`, or without the commit when the checkout is gone.
    static let text: String = commit.map { "\(release) (commit \($0))" } ?? release

    /// The commit the sources were at: read from the checkout's `.git` next to the sources this
    /// binary was compiled from (`HEAD`, then the ref it names, loose or packed).
    static var commit: String? {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let git = root.appendingPathComponent(".git")
        guard let head = read(git.appendingPathComponent("HEAD")) else { return nil }
        guard head.hasPrefix("ref: ") else { return short(head) }
        let ref = String(head.dropFirst(5))
        if let loose = read(git.appendingPathComponent(ref)) { return short(loose) }
        guard let packed = read(git.appendingPathComponent("packed-refs")) else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            return short(String(line.prefix(while: { $0 != " " })))
        }
        return nil
    }

    private static func read(_ url: URL) -> String? {
        (try? String(contentsOf: url, encoding: .utf8)).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    private static func short(_ hash: String) -> String? {
        hash.count >= 7 && hash.allSatisfy(\.isHexDigit) ? String(hash.prefix(7)) : nil
    }
}

public import Foundation

/// The shared corpus of real assistant files (`../shared/corpus/assistants`, beside the
/// checkout; `$SESSIOND_ASSISTANT_CORPUS` names another place). Tests read it there: it is
/// never copied into the repository.
public enum AssistantCorpus {
    public static let root: URL = {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var candidates: [URL] = []
        if let given = ProcessInfo.processInfo.environment["SESSIOND_ASSISTANT_CORPUS"], !given.isEmpty {
            candidates.append(URL(fileURLWithPath: given))
        }
        candidates.append(checkout.deletingLastPathComponent().appendingPathComponent("shared/corpus/assistants"))
        candidates.append(URL(fileURLWithPath: "/work/shared/corpus/assistants"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("MANIFEST.md").path) } ?? candidates[0]
    }()

    /// A file or directory of the corpus, by its corpus-relative path.
    public static func url(_ path: String) -> URL {
        root.appendingPathComponent(path)
    }
}

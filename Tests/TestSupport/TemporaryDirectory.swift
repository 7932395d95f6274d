import Foundation

/// A fresh directory under the system's temporary directory, for the files of one test.
///
/// Prefer ``withTemporaryDirectory(prefix:_:)``, which removes it afterwards; keep a value when
/// the directory must outlive one scope (a server stopped and started again on the same file).
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates `<temporary directory>/<prefix>-<UUID>`.
    public init(prefix: String = "sessiond-test") throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// The path of `name` in the directory.
    public func path(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` with the path of a fresh temporary directory, and removes the directory when
/// `body` returns or throws.
public func withTemporaryDirectory<T>(prefix: String = "sessiond-test", _ body: (String) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory(prefix: prefix)
    defer { directory.remove() }
    return try await body(directory.path)
}

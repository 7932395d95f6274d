import Foundation
import SessionCore
import SessionKit
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ContextCaptureTests {
    @Test func capturesRepositoryWithoutCredentials() async throws {
        try await withTemporaryDirectory(prefix: "sessiond-context") { dir in
            try makeRepository(at: dir, remote: "https://alice:s3cret@example.com/team/repo.git")
            let head = try runGit(["rev-parse", "HEAD"], in: dir)
            let root = try runGit(["rev-parse", "--show-toplevel"], in: dir)

            let clean = await ContextCapture.capture(.init(workingDirectory: dir))
            let git = try #require(clean.context["project"]?["git"])
            #expect(clean.context["project"]?["cwd"] == .string(dir))
            #expect(git["root"] == .string(root))
            #expect(git["branch"] == "main")
            #expect(git["commit"] == .string(head))
            #expect(head.count == 40)
            #expect(git["dirty"] == false)
            #expect(git["remote"] == "https://example.com/team/repo.git")
            #expect(clean.projectKey == "example.com/team/repo")
            #expect(!clean.context.description.contains("s3cret"))
            #expect(!(clean.projectKey ?? "").contains("s3cret"))

            try "changed\n".write(toFile: dir + "/README.md", atomically: true, encoding: .utf8)
            let dirty = await ContextCapture.capture(.init(workingDirectory: dir))
            #expect(dirty.context["project"]?["git"]?["dirty"] == true)
            #expect(dirty.context["project"]?["git"]?["commit"] == .string(head))
        }
    }

    @Test func subdirectoryReportsRepositoryRoot() async throws {
        try await withTemporaryDirectory(prefix: "sessiond-context") { dir in
            try makeRepository(at: dir, remote: nil)
            let sub = dir + "/src/deep"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            let root = try runGit(["rev-parse", "--show-toplevel"], in: dir)

            let result = await ContextCapture.capture(.init(workingDirectory: sub))
            #expect(result.context["project"]?["cwd"] == .string(sub))
            #expect(result.context["project"]?["git"]?["root"] == .string(root))
            #expect(result.context["project"]?["git"]?["remote"] == nil)
            #expect(result.projectKey == root)
        }
    }

    @Test func repositoryWithoutCommitsHasNoCommit() async throws {
        try await withTemporaryDirectory(prefix: "sessiond-context") { dir in
            try runGit(["init", "-q", "-b", "main"], in: dir)
            let result = await ContextCapture.capture(.init(workingDirectory: dir))
            let git = try #require(result.context["project"]?["git"])
            #expect(git["root"] == .string(try runGit(["rev-parse", "--show-toplevel"], in: dir)))
            #expect(git["branch"] == "main")
            #expect(git["commit"] == nil)
            #expect(git["dirty"] == false)

            try "new\n".write(toFile: dir + "/untracked.txt", atomically: true, encoding: .utf8)
            let dirty = await ContextCapture.capture(.init(workingDirectory: dir))
            #expect(dirty.context["project"]?["git"]?["dirty"] == true)
        }
    }

    @Test func detachedHeadReportsHEAD() async throws {
        try await withTemporaryDirectory(prefix: "sessiond-context") { dir in
            try makeRepository(at: dir, remote: nil)
            try runGit(["checkout", "-q", "--detach"], in: dir)
            let result = await ContextCapture.capture(.init(workingDirectory: dir))
            #expect(result.context["project"]?["git"]?["branch"] == "HEAD")
            #expect(result.context["project"]?["git"]?["commit"] == .string(try runGit(["rev-parse", "HEAD"], in: dir)))
        }
    }

    @Test func directoryOutsideRepositoryHasNoGitSection() async throws {
        try await withTemporaryDirectory(prefix: "sessiond-context") { dir in
            // Precondition: the scratch area itself is not inside a work tree.
            #expect(throws: GitCommandFailed.self) { try runGit(["rev-parse", "--show-toplevel"], in: dir) }
            let result = await ContextCapture.capture(.init(workingDirectory: dir))
            #expect(result.context["project"] == ["cwd": .string(dir)])
            #expect(result.projectKey == dir)
        }
    }

    @Test(arguments: ["/nonexistent/bin/git", "/usr/bin/env sessiond-no-such-git"])
    func missingGitLeavesGitOut(_ executable: String) async throws {
        try await withTemporaryDirectory(prefix: "sessiond-context") { dir in
            try makeRepository(at: dir, remote: "https://example.com/team/repo.git")
            let result = await ContextCapture.capture(.init(workingDirectory: dir, gitExecutable: executable))
            #expect(result.context["project"] == ["cwd": .string(dir)])
            #expect(result.projectKey == dir)
        }
    }

    /// A git that never answers, and a helper it started, are killed at the timeout. The bound is on how long the
    /// hung processes live, watched from a thread of the test's own: it holds however busy the machine and this
    /// test process are (the whole suite runs beside it), where the capture's own wall time also counts waiting
    /// for a turn on the concurrency pool.
    @Test func hungGitIsKilledAfterTimeout() async throws {
        try await withTemporaryDirectory(prefix: "sessiond-context") { dir in
            let script = dir + "/hung-git.sh"
            let pidFile = dir + "/pid"
            // A helper in the background (as git starts hooks or a daemon), then the command itself hangs too.
            try "sleep 300 &\necho $$ $! > '\(pidFile)'\nexec sleep 300\n".write(toFile: script, atomically: true, encoding: .utf8)
            let watch = ProcessLifetimeWatch(pidFile: pidFile)

            let clock = ContinuousClock()
            let start = clock.now
            let result = await ContextCapture.capture(
                .init(workingDirectory: dir, gitExecutable: "/bin/sh \(script)", gitTimeout: .milliseconds(200))
            )
            #expect(clock.now - start < .seconds(60))  // it did not wait for the hung git's 300 s
            #expect(result.context["project"] == ["cwd": .string(dir)])
            #expect(result.context["system"] != nil)

            let lifetime = try #require(await watch.lifetime(), "the hung git processes still run")
            #expect(lifetime < .milliseconds(1200), "killed \(lifetime) after they started; the timeout is 200 ms")
        }
    }

    @Test func systemAndUserFactsArePresent() async {
        let result = await ContextCapture.capture(.init(workingDirectory: FileManager.default.temporaryDirectory.path))
        let system = result.context["system"]
        #expect((system?["cpus"]?.int64Value ?? 0) > 0)
        #expect((system?["memory_bytes"]?.int64Value ?? 0) > 0)
        #expect(system?["hostname"]?.stringValue?.isEmpty == false)
        #expect(system?["arch"]?.stringValue?.isEmpty == false)
        #expect(system?["kernel"]?.stringValue?.isEmpty == false)
        #expect(system?["os"]?.stringValue?.isEmpty == false)
        #expect(result.context["user"]?["uid"] == .int(Int64(getuid())))
        #expect(result.context["user"]?["name"]?.stringValue?.isEmpty == false)
        #expect(result.context["app"] == nil)
    }

    @Test func applicationFactsAreCarriedThrough() async {
        let config: JSONValue = ["model": "large", "max_tokens": 4096, "tools": ["read", "write"]]
        let result = await ContextCapture.capture(
            .init(
                workingDirectory: FileManager.default.temporaryDirectory.path,
                applicationName: "coder",
                applicationVersion: "1.2.3",
                applicationConfig: config
            )
        )
        #expect(result.context["app"] == ["name": "coder", "version": "1.2.3", "config": config])
        #expect(throws: Never.self) { try SessionSpec(context: result.context).validate() }
    }

    @Test func defaultWorkingDirectoryIsCurrentDirectory() {
        #expect(ContextCapture.Options().workingDirectory == FileManager.default.currentDirectoryPath)
        #expect(ContextCapture.Options().gitExecutable == "/usr/bin/env git")
    }
}

// MARK: - Helpers

private struct GitCommandFailed: Error {
    var arguments: [String]
    var status: Int32
}

/// A repository on `main` with one commit of `README.md`, and `origin` set to `remote`.
private func makeRepository(at dir: String, remote: String?) throws {
    try runGit(["init", "-q", "-b", "main"], in: dir)
    try runGit(["config", "user.name", "Test"], in: dir)
    try runGit(["config", "user.email", "test@example.com"], in: dir)
    try runGit(["config", "commit.gpgsign", "false"], in: dir)
    if let remote { try runGit(["remote", "add", "origin", remote], in: dir) }
    try "hello\n".write(toFile: dir + "/README.md", atomically: true, encoding: .utf8)
    try runGit(["add", "README.md"], in: dir)
    try runGit(["commit", "-q", "--no-verify", "-m", "first"], in: dir)
}

/// Runs git in `dir` without system or global configuration; returns its first output line.
@discardableResult
private func runGit(_ arguments: [String], in dir: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", dir] + arguments
    var environment = ProcessInfo.processInfo.environment
    for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"] { environment[key] = nil }
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw GitCommandFailed(arguments: arguments, status: process.terminationStatus) }
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
}

/// Watches, from a thread of its own, the processes whose ids a script writes to `pidFile` (space-separated): how
/// long from the file's appearance until none of them runs (a zombie counts as gone).
private final class ProcessLifetimeWatch: Sendable {
    private let result = Mutex<Duration??>(nil)
    private let done = Mutex<CheckedContinuation<Duration?, Never>?>(nil)

    init(pidFile: String) {
        Thread.detachNewThread { [self] in
            let clock = ContinuousClock()
            let giveUp = clock.now + .seconds(20)
            var pids: [pid_t] = []
            while pids.isEmpty, clock.now < giveUp {
                if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), text.hasSuffix("\n") {
                    pids = text.split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
                } else {
                    usleep(1000)
                }
            }
            let started = clock.now
            var lifetime: Duration?
            while !pids.isEmpty, clock.now < giveUp {
                pids.removeAll { !Self.isRunning($0) }
                if pids.isEmpty { lifetime = clock.now - started } else { usleep(2000) }
            }
            self.finish(lifetime)
        }
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    private func finish(_ lifetime: Duration?) {
        let waiter = result.withLock { result in
            result = .some(lifetime)
            return done.withLock { $0.take() }
        }
        waiter?.resume(returning: lifetime)
    }

    /// How long the processes lived; nil if they still ran after 20 s.
    func lifetime() async -> Duration? {
        await withCheckedContinuation { continuation in
            let known: Duration?? = result.withLock { result in
                if result == nil { done.withLock { $0 = continuation } }
                return result
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}

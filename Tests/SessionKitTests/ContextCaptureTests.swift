import Foundation
import SessionCore
import SessionKit
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ContextCaptureTests {
    @Test func capturesRepositoryWithoutCredentials() async throws {
        try await withScratchDirectory { dir in
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
        try await withScratchDirectory { dir in
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
        try await withScratchDirectory { dir in
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
        try await withScratchDirectory { dir in
            try makeRepository(at: dir, remote: nil)
            try runGit(["checkout", "-q", "--detach"], in: dir)
            let result = await ContextCapture.capture(.init(workingDirectory: dir))
            #expect(result.context["project"]?["git"]?["branch"] == "HEAD")
            #expect(result.context["project"]?["git"]?["commit"] == .string(try runGit(["rev-parse", "HEAD"], in: dir)))
        }
    }

    @Test func directoryOutsideRepositoryHasNoGitSection() async throws {
        try await withScratchDirectory { dir in
            // Precondition: the scratch area itself is not inside a work tree.
            #expect(throws: GitCommandFailed.self) { try runGit(["rev-parse", "--show-toplevel"], in: dir) }
            let result = await ContextCapture.capture(.init(workingDirectory: dir))
            #expect(result.context["project"] == ["cwd": .string(dir)])
            #expect(result.projectKey == dir)
        }
    }

    @Test func missingGitLeavesGitOut() async throws {
        try await withScratchDirectory { dir in
            try makeRepository(at: dir, remote: "https://example.com/team/repo.git")
            for executable in ["/nonexistent/bin/git", "/usr/bin/env sessiond-no-such-git"] {
                let result = await ContextCapture.capture(.init(workingDirectory: dir, gitExecutable: executable))
                #expect(result.context["project"] == ["cwd": .string(dir)], "\(executable)")
                #expect(result.projectKey == dir)
            }
        }
    }

    @Test func hungGitIsKilledAfterTimeout() async throws {
        try await withScratchDirectory { dir in
            let script = dir + "/hung-git.sh"
            let pidFile = dir + "/pid"
            try "echo $$ > '\(pidFile)'\nexec sleep 30\n".write(toFile: script, atomically: true, encoding: .utf8)

            let clock = ContinuousClock()
            let start = clock.now
            let result = await ContextCapture.capture(
                .init(workingDirectory: dir, gitExecutable: "/bin/sh \(script)", gitTimeout: .milliseconds(200))
            )
            #expect(clock.now - start < .seconds(15))  // far below the hung git's 30 s: it was killed
            #expect(result.context["project"] == ["cwd": .string(dir)])
            #expect(result.context["system"] != nil)

            let pidText = try String(contentsOfFile: pidFile, encoding: .utf8)
            let pid = try #require(pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
            var gone = false
            for _ in 0..<100 where !gone {
                gone = kill(pid, 0) != 0
                if !gone { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(gone, "the hung git process still runs")
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

/// A fresh directory under the temporary directory, removed afterwards.
private func withScratchDirectory(_ body: (String) async throws -> Void) async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-context-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try await body(dir)
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

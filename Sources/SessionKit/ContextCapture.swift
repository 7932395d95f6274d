import Foundation
public import SessionCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Captures where a session runs: project (working directory and git), user, application and system.
///
/// The result is the `context` a session stores at start (see ``SessionSpec/context``) and its
/// ``SessionSpec/projectKey``. Capturing never fails and never blocks for long: what cannot be read is
/// left out, and each git call is killed after ``Options/gitTimeout``.
///
/// ```json
/// {"project": {"cwd": "/src/app", "git": {"root": "/src/app", "branch": "main", "commit": "3f2a…",
///              "dirty": false, "remote": "https://github.com/team/app.git"}},
///  "user": {"name": "alice", "uid": 501},
///  "app": {"name": "coder", "version": "1.2.0", "config": {…}},
///  "system": {"os": "Ubuntu", "os_version": "24.04", "kernel": "Linux 6.8.0", "arch": "x86_64",
///             "cpus": 8, "memory_bytes": 17179869184, "hostname": "build-7"}}
/// ```
///
/// > Important: `app.config` is stored as given. Secrets in it are masked only by the redaction that runs
/// > before a session is persisted; the git remote is stripped of credentials here.
public struct ContextCapture: Sendable {
    /// What to capture and how.
    public struct Options: Sendable {
        /// The session's working directory. Default: the process's current directory.
        public var workingDirectory: String
        /// The application's name, as `app.name`.
        public var applicationName: String?
        /// The application's version, as `app.version`.
        public var applicationVersion: String?
        /// The application's configuration, as `app.config`.
        public var applicationConfig: JSONValue?
        /// How to run git: an executable path and leading arguments, separated by spaces. Default `/usr/bin/env git`.
        public var gitExecutable: String = "/usr/bin/env git"
        /// Longest one git call may run before it is killed. Default 2 seconds.
        public var gitTimeout: Duration = .seconds(2)

        /// - Parameters:
        ///   - workingDirectory: The session's working directory; `nil` for the process's current directory.
        public init(
            workingDirectory: String? = nil,
            applicationName: String? = nil,
            applicationVersion: String? = nil,
            applicationConfig: JSONValue? = nil,
            gitExecutable: String = "/usr/bin/env git",
            gitTimeout: Duration = .seconds(2)
        ) {
            self.workingDirectory = workingDirectory ?? FileManager.default.currentDirectoryPath
            self.applicationName = applicationName
            self.applicationVersion = applicationVersion
            self.applicationConfig = applicationConfig
            self.gitExecutable = gitExecutable
            self.gitTimeout = gitTimeout
        }
    }

    /// A captured context and the project key derived from it.
    public struct Result: Sendable, Hashable {
        /// `{"project", "user", "app", "system"}`, unknown values left out.
        public var context: JSONValue
        /// See ``GitRemote/projectKey(remote:gitRoot:workingDirectory:)``.
        public var projectKey: String?

        public init(context: JSONValue, projectKey: String?) {
            self.context = context
            self.projectKey = projectKey
        }
    }

    /// Captures the context described by `options`.
    public static func capture(_ options: Options) async -> Result {
        let cwd = options.workingDirectory
        let git = cwd.isEmpty ? nil : await GitFacts.read(in: cwd, options: options)

        var context: [String: JSONValue] = [:]
        var project: [String: JSONValue] = [:]
        if !cwd.isEmpty { project["cwd"] = .string(cwd) }
        if let git { project["git"] = git.json }
        if !project.isEmpty { context["project"] = .object(project) }
        context["user"] = userFacts()
        var app: [String: JSONValue] = [:]
        app["name"] = options.applicationName.map(JSONValue.string)
        app["version"] = options.applicationVersion.map(JSONValue.string)
        app["config"] = options.applicationConfig
        if !app.isEmpty { context["app"] = .object(app) }
        context["system"] = systemFacts()

        let key = GitRemote.projectKey(remote: git?.remote, gitRoot: git?.root, workingDirectory: cwd.isEmpty ? nil : cwd)
        return Result(context: .object(context), projectKey: key)
    }

    // MARK: - User and system

    private static func userFacts() -> JSONValue {
        let uid = getuid()
        var user: [String: JSONValue] = ["uid": .int(Int64(uid))]
        let environment = ProcessInfo.processInfo.environment
        if let name = userName(uid: uid) ?? environment["USER"] ?? environment["LOGNAME"], !name.isEmpty {
            user["name"] = .string(name)
        }
        return .object(user)
    }

    private static func userName(uid: uid_t) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        return buffer.withUnsafeMutableBufferPointer { buffer in
            guard getpwuid_r(uid, &entry, buffer.baseAddress!, buffer.count, &found) == 0, found != nil,
                let name = entry.pw_name
            else { return nil }
            return String(cString: name)
        }
    }

    private static func systemFacts() -> JSONValue {
        let info = ProcessInfo.processInfo
        var system: [String: JSONValue] = [
            "cpus": .int(Int64(info.processorCount)),
            "memory_bytes": .int(Int64(clamping: info.physicalMemory)),
        ]
        var names = utsname()
        if uname(&names) == 0 {
            let sysname = cString(names.sysname)
            let release = cString(names.release)
            system["kernel"] = .string([sysname, release].filter { !$0.isEmpty }.joined(separator: " "))
            system["arch"] = .string(cString(names.machine))
            // The node name, not `ProcessInfo.hostName`: that one may wait on a DNS lookup.
            system["hostname"] = .string(cString(names.nodename))
            system["os"] = .string(sysname)
        }
        #if canImport(Darwin)
        let version = info.operatingSystemVersion
        system["os"] = "macOS"
        system["os_version"] = .string("\(version.majorVersion).\(version.minorVersion).\(version.patchVersion)")
        #else
        let release = osRelease()
        if let name = release["NAME"] { system["os"] = .string(name) }
        if let version = release["VERSION_ID"] ?? release["VERSION"] {
            system["os_version"] = .string(version)
        } else {
            system["os_version"] = .string(info.operatingSystemVersionString)
        }
        #endif
        return .object(system.filter { $0.value.stringValue?.isEmpty != true })
    }

    /// A fixed-size C string field (a tuple of `CChar`) as a `String`.
    private static func cString<T>(_ field: T) -> String {
        withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// `KEY=value` pairs of os-release(5), quotes removed.
    private static func osRelease() -> [String: String] {
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            var values: [String: String] = [:]
            for line in text.split(whereSeparator: \.isNewline) {
                guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
                var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                    value = String(value.dropFirst().dropLast())
                }
                if !value.isEmpty { values[line[..<equals].trimmingCharacters(in: .whitespaces)] = value }
            }
            return values
        }
        return [:]
    }
}

// MARK: - Git

/// What git says about a working directory.
private struct GitFacts: Sendable {
    var root: String
    var branch: String?
    var commit: String?
    var dirty: Bool?
    /// Already redacted.
    var remote: String?

    var json: JSONValue {
        var git: [String: JSONValue] = ["root": .string(root)]
        git["branch"] = branch.map(JSONValue.string)
        git["commit"] = commit.map(JSONValue.string)
        git["dirty"] = dirty.map(JSONValue.bool)
        git["remote"] = remote.map(JSONValue.string)
        return .object(git)
    }

    /// Nil when `directory` is not in a work tree, git is missing, or it does not answer in time.
    static func read(in directory: String, options: ContextCapture.Options) async -> GitFacts? {
        guard let git = BoundedCommand(options.gitExecutable, timeout: options.gitTimeout) else { return nil }
        let base = ["-C", directory]
        guard let root = await git.output(base + ["rev-parse", "--show-toplevel"]).flatMap(firstLine) else { return nil }
        // `symbolic-ref` also names the branch of a repository without commits, where `rev-parse --abbrev-ref` fails.
        async let branch = git.output(base + ["symbolic-ref", "--short", "--quiet", "HEAD"])
        async let commit = git.output(base + ["rev-parse", "--verify", "--quiet", "HEAD"])
        async let status = git.output(base + ["status", "--porcelain"])
        async let remote = git.output(base + ["config", "--get", "remote.origin.url"])

        var facts = GitFacts(root: root)
        facts.commit = await commit.flatMap(firstLine)
        // A detached HEAD has a commit but no branch: "HEAD", as `rev-parse --abbrev-ref HEAD` says.
        facts.branch = await branch.flatMap(firstLine) ?? (facts.commit == nil ? nil : "HEAD")
        facts.dirty = await status.map { $0.contains { !$0.isWhitespace } }
        facts.remote = await remote.flatMap(firstLine).map(GitRemote.redacted)
        return facts
    }

    private static func firstLine(_ output: String) -> String? {
        let line = output.split(whereSeparator: \.isNewline).first.map(String.init)
        return line?.isEmpty == false ? line : nil
    }
}

/// Runs a command and returns its standard output, or nil when it could not start, failed, or ran past its timeout
/// (then it is killed).
///
/// Output goes to an unlinked temporary file rather than a pipe, so a large output never stalls the command and a
/// helper process that keeps the descriptor open never stalls the caller.
private struct BoundedCommand: Sendable {
    /// Most bytes of output read.
    static let outputLimit = 1 << 20

    var executable: String
    var leadingArguments: [String]
    var timeout: Duration
    var environment: [String: String]

    init?(_ command: String, timeout: Duration) {
        let parts = command.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let executable = parts.first else { return nil }
        self.executable = executable
        self.leadingArguments = Array(parts.dropFirst())
        self.timeout = timeout
        var environment = ProcessInfo.processInfo.environment
        // `-C directory` decides the repository, not variables inherited from a hook or a wrapper.
        for key in [
            "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
        ] {
            environment[key] = nil
        }
        environment["GIT_OPTIONAL_LOCKS"] = "0"  // `status` must not take the index lock from the user's own git
        environment["GIT_TERMINAL_PROMPT"] = "0"
        self.environment = environment
    }

    func output(_ arguments: [String]) async -> String? {
        guard !Task.isCancelled, let file = OutputFile() else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = leadingArguments + arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = file.handle
        process.standardError = FileHandle.nullDevice
        let run = ProcessRun()
        process.terminationHandler = { process in
            run.exited(status: process.terminationReason == .exit ? process.terminationStatus : nil)
        }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        let status = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
                guard run.begin(continuation) else { return }
                do {
                    try process.run()
                } catch {
                    run.exited(status: nil)
                    return
                }
                run.launched(pid: process.processIdentifier)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds))) {
                    run.expire()
                    withExtendedLifetime(process) {}
                }
            }
        } onCancel: {
            run.expire()
        }
        guard status == 0 else { return nil }
        return file.contents(limit: Self.outputLimit)
    }
}

/// One run of a process: resumes its waiter exactly once, with the exit status, or nil if it failed to start,
/// was killed by a signal, or expired (then it is killed).
private final class ProcessRun: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Int32?, Never>?
        var pid: pid_t?
        var exited = false
        var expired = false
    }

    private let state = Mutex(State())

    /// Stores the waiter; false (and the waiter resumed with nil) if the run already expired.
    func begin(_ continuation: CheckedContinuation<Int32?, Never>) -> Bool {
        let expired = state.withLock { state in
            if !state.expired { state.continuation = continuation }
            return state.expired
        }
        if expired { continuation.resume(returning: nil) }
        return !expired
    }

    func launched(pid: pid_t) {
        state.withLock { state in
            guard !state.exited else { return }
            state.pid = pid
            if state.expired { kill(pid, SIGKILL) }
        }
    }

    func exited(status: Int32?) {
        let continuation = state.withLock { state in
            state.exited = true
            state.pid = nil
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: status)
    }

    /// Timeout or cancellation: kills the process if it still runs and resumes the waiter with nil.
    func expire() {
        let continuation = state.withLock { state in
            state.expired = true
            if !state.exited, let pid = state.pid { kill(pid, SIGKILL) }
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: nil)
    }
}

/// An anonymous temporary file for a child's standard output.
private final class OutputFile {
    let handle: FileHandle

    init?() {
        var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// The first `limit` bytes written, decoded as UTF-8.
    func contents(limit: Int) -> String {
        let fd = handle.fileDescriptor
        let size = min(Int(max(0, lseek(fd, 0, SEEK_END))), limit)
        var bytes = [UInt8](repeating: 0, count: size)
        var count = 0
        bytes.withUnsafeMutableBytes { buffer in
            while count < size {
                let n = pread(fd, buffer.baseAddress! + count, size - count, off_t(count))
                if n > 0 {
                    count += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }
}

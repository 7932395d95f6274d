import Foundation
public import SessionCore

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

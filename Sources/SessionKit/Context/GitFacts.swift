import Foundation
import SessionCore

/// What git says about a working directory.
struct GitFacts: Sendable {
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
        guard let git = BoundedCommand(options.gitExecutable, timeout: options.gitTimeout, environment: environment) else { return nil }
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

    /// This process's environment, less what would make git look elsewhere than `-C directory` or wait.
    private static var environment: [String: String] {
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
        return environment
    }

    private static func firstLine(_ output: String) -> String? {
        let line = output.split(whereSeparator: \.isNewline).first.map(String.init)
        return line?.isEmpty == false ? line : nil
    }
}

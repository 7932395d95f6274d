/// Git remote URLs made safe to store, and the project key derived from them.
///
/// Pure string work, no I/O. Understands the forms `git remote` accepts: URLs with a scheme
/// (`https://host/a/b.git`, `ssh://user@host:22/a/b`), scp-like `user@host:a/b.git` and local paths.
public enum GitRemote: Sendable {
    /// `url` without credentials.
    ///
    /// For `http`, `https` and every other scheme but ssh the whole userinfo goes (`https://user:token@host/a`
    /// and `https://token@host/a` both become `https://host/a`). For `ssh` URLs and scp-like remotes a bare user
    /// name is kept (`git@github.com:a/b.git` holds no secret) and any password after it is dropped.
    /// Local paths come back unchanged.
    public static func redacted(_ url: String) -> String {
        let trimmed = trimmingWhitespace(url)
        switch Remote(trimmed) {
        case .url(let scheme, let userinfo, let hostPort, let rest):
            var user = ""
            if let userinfo, sshSchemes.contains(scheme.lowercased()) {
                let name = userinfo.prefix { $0 != ":" }
                if !name.isEmpty { user = name + "@" }
            }
            return scheme + "://" + user + hostPort + rest
        case .scpLike(let userinfo, let host, let path):
            var user = ""
            if let userinfo {
                let name = userinfo.prefix { $0 != ":" }
                if !name.isEmpty { user = name + "@" }
            }
            return user + host + ":" + path
        case .local:
            // Not a form git reaches over the network, but never echo what reads as `user:password@`.
            let head = trimmed.prefix { $0 != "/" }
            if let at = head.lastIndex(of: "@"), let colon = head[..<at].firstIndex(of: ":") {
                return String(trimmed[..<colon] + trimmed[at...])
            }
            return trimmed
        }
    }

    /// Which codebase a session works on: the normalized remote, else the git root, else the working directory.
    ///
    /// The remote is redacted, the user name dropped, the host lowercased, a default port, a trailing `.git` and
    /// slashes removed, so `git@GitHub.com:a/b.git`, `https://user:token@github.com/a/b` and
    /// `ssh://git@github.com:22/a/b.git/` all give `github.com/a/b`. A candidate longer than
    /// ``SessionSpec/maxFieldLength`` bytes is skipped for the next one, so the key always fits a session.
    public static func projectKey(remote: String?, gitRoot: String?, workingDirectory: String?) -> String? {
        let candidates = [
            remote.flatMap(normalized),
            gitRoot.flatMap { cleanedPath($0, droppingGitSuffix: false) },
            workingDirectory.flatMap { cleanedPath($0, droppingGitSuffix: false) },
        ]
        return candidates.lazy.compactMap { $0 }.first { !$0.isEmpty && $0.utf8.count <= SessionSpec.maxFieldLength }
    }

    // MARK: - Parsing

    private static let sshSchemes: Set<String> = ["ssh", "git+ssh", "ssh+git"]
    private static let defaultPorts: [String: String] = [
        "ssh": "22", "git+ssh": "22", "ssh+git": "22", "http": "80", "https": "443", "git": "9418",
    ]

    /// A remote split into the parts that matter here.
    private enum Remote {
        /// `scheme://[userinfo@]hostPort rest`, `rest` starting at the first `/` after the authority (or empty).
        case url(scheme: Substring, userinfo: Substring?, hostPort: Substring, rest: Substring)
        /// `[userinfo@]host:path`.
        case scpLike(userinfo: Substring?, host: Substring, path: Substring)
        case local

        init(_ s: String) {
            if let separator = s.firstRange(of: "://"), Self.isScheme(s[..<separator.lowerBound]) {
                let afterScheme = s[separator.upperBound...]
                let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
                let authority = afterScheme[..<authorityEnd]
                // The last `@` ends the userinfo: an unencoded `@` in a password must not leave a piece behind.
                if let at = authority.lastIndex(of: "@") {
                    self = .url(
                        scheme: s[..<separator.lowerBound],
                        userinfo: authority[..<at],
                        hostPort: authority[authority.index(after: at)...],
                        rest: afterScheme[authorityEnd...]
                    )
                } else {
                    self = .url(scheme: s[..<separator.lowerBound], userinfo: nil, hostPort: authority, rest: afterScheme[authorityEnd...])
                }
                return
            }
            // scp-like as git reads it: a `:` before any `/`.
            let head = s[..<(s.firstIndex(of: "/") ?? s.endIndex)]
            var userinfo: Substring?
            var hostAndPath = s[...]
            if let at = head.lastIndex(of: "@") {
                userinfo = s[..<at]
                hostAndPath = s[s.index(after: at)...]
            }
            let hostEnd: Substring.Index?
            if hostAndPath.first == "[", let close = hostAndPath.firstIndex(of: "]") {
                let afterClose = hostAndPath.index(after: close)
                hostEnd = afterClose < hostAndPath.endIndex && hostAndPath[afterClose] == ":" ? afterClose : nil
            } else if let colon = hostAndPath.firstIndex(of: ":"), colon < (hostAndPath.firstIndex(of: "/") ?? hostAndPath.endIndex) {
                hostEnd = colon
            } else {
                hostEnd = nil
            }
            guard let hostEnd, hostEnd > hostAndPath.startIndex else {
                self = .local
                return
            }
            self = .scpLike(userinfo: userinfo, host: hostAndPath[..<hostEnd], path: hostAndPath[hostAndPath.index(after: hostEnd)...])
        }

        /// RFC 3986: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
        private static func isScheme(_ s: Substring) -> Bool {
            guard let first = s.first, first.isASCII, first.isLetter else { return false }
            return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
        }
    }

    /// The remote as `host[:port]/path`, or a cleaned local path; nil when nothing is left.
    private static func normalized(_ remote: String) -> String? {
        let trimmed = trimmingWhitespace(remote)
        guard !trimmed.isEmpty else { return nil }
        switch Remote(trimmed) {
        case .url(let scheme, _, let hostPort, let rest):
            let scheme = scheme.lowercased()
            let path = rest.prefix { $0 != "?" && $0 != "#" }
            if scheme == "file" || hostPort.isEmpty { return cleanedPath(String(path)) }
            let (host, port) = splitPort(hostPort)
            var key = host.lowercased()
            if let port, !port.isEmpty, String(port) != defaultPorts[scheme] { key += ":" + port }
            let cleaned = cleanedPath(String(path.drop { $0 == "/" })) ?? ""
            return cleaned.isEmpty ? key : key + "/" + cleaned
        case .scpLike(_, let host, let path):
            let cleaned = cleanedPath(String(path.drop { $0 == "/" })) ?? ""
            return cleaned.isEmpty ? host.lowercased() : host.lowercased() + "/" + cleaned
        case .local:
            return cleanedPath(redacted(trimmed))
        }
    }

    /// `host` and `port` from `host:port` or `[v6]:port`.
    private static func splitPort(_ hostPort: Substring) -> (host: Substring, port: Substring?) {
        if hostPort.first == "[", let close = hostPort.firstIndex(of: "]") {
            let afterClose = hostPort.index(after: close)
            let host = hostPort[...close]
            guard afterClose < hostPort.endIndex, hostPort[afterClose] == ":" else { return (host, nil) }
            return (host, hostPort[hostPort.index(after: afterClose)...])
        }
        guard let colon = hostPort.lastIndex(of: ":") else { return (hostPort, nil) }
        return (hostPort[..<colon], hostPort[hostPort.index(after: colon)...])
    }

    /// `path` without surrounding whitespace, trailing slashes and (for remotes) a trailing `.git`; `/` stays `/`.
    private static func cleanedPath(_ path: String, droppingGitSuffix: Bool = true) -> String? {
        var s = Substring(trimmingWhitespace(path))
        guard !s.isEmpty else { return nil }
        func dropTrailingSlashes() {
            while s.count > 1, s.last == "/" { s = s.dropLast() }
        }
        dropTrailingSlashes()
        if droppingGitSuffix, s.hasSuffix(".git"), s.count > 4 {
            s = s.dropLast(4)
            dropTrailingSlashes()
        }
        return String(s)
    }

    private static func trimmingWhitespace(_ s: String) -> String {
        String(s.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}

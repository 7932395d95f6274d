import SessionCore
import Testing

struct GitRemoteTests {
    struct RedactionCase: Sendable, CustomTestStringConvertible {
        var url: String
        var expected: String
        var testDescription: String { url }
    }

    static let redactionCases: [RedactionCase] = [
        .init(url: "https://user:tok@github.com/a/b.git", expected: "https://github.com/a/b.git"),
        .init(url: "https://ghp_abc123@github.com/a/b.git", expected: "https://github.com/a/b.git"),
        .init(url: "https://oauth2:glpat-xyz@gitlab.com/g/p.git", expected: "https://gitlab.com/g/p.git"),
        .init(url: "http://alice:s3cret@example.com:8080/team/repo.git", expected: "http://example.com:8080/team/repo.git"),
        .init(url: "HTTPS://alice@example.com/x", expected: "HTTPS://example.com/x"),
        .init(url: "https://u:p%40ss@host/x", expected: "https://host/x"),
        .init(url: "https://u:p@ss@host/x", expected: "https://host/x"),
        .init(url: "https://@host/x", expected: "https://host/x"),
        .init(url: "https://user:pw@[::1]:8443/x", expected: "https://[::1]:8443/x"),
        .init(url: "https://user:pw@host", expected: "https://host"),
        .init(url: "  https://user:pw@host/x.git\n", expected: "https://host/x.git"),
        .init(url: "https://github.com/a/b.git", expected: "https://github.com/a/b.git"),
        .init(url: "https://host/@scope/pkg", expected: "https://host/@scope/pkg"),
        .init(url: "git://host/x.git", expected: "git://host/x.git"),
        .init(url: "ssh://git@host/x", expected: "ssh://git@host/x"),
        .init(url: "ssh://git:hunter2@host:2222/x.git", expected: "ssh://git@host:2222/x.git"),
        .init(url: "ssh://:hunter2@host/x.git", expected: "ssh://host/x.git"),
        .init(url: "git+ssh://git:pw@host/x", expected: "git+ssh://git@host/x"),
        .init(url: "ssh://host/x", expected: "ssh://host/x"),
        .init(url: "git@github.com:a/b.git", expected: "git@github.com:a/b.git"),
        .init(url: "deploy:hunter2@github.com:a/b.git", expected: "deploy@github.com:a/b.git"),
        .init(url: "github.com:a/b.git", expected: "github.com:a/b.git"),
        .init(url: "git@[::1]:a/b.git", expected: "git@[::1]:a/b.git"),
        .init(url: "/srv/git/repo.git", expected: "/srv/git/repo.git"),
        .init(url: "./rel/a:b", expected: "./rel/a:b"),
        .init(url: "alice:pw@host/x", expected: "alice@host/x"),
        .init(url: "alice@host/x", expected: "alice@host/x"),
        .init(url: "file:///srv/git/repo.git", expected: "file:///srv/git/repo.git"),
        .init(url: "", expected: ""),
    ]

    @Test(arguments: redactionCases)
    func redactedStripsCredentials(_ c: RedactionCase) {
        #expect(GitRemote.redacted(c.url) == c.expected)
    }

    struct KeyCase: Sendable, CustomTestStringConvertible {
        var remote: String?
        var root: String?
        var cwd: String?
        var expected: String?
        var testDescription: String { "\(remote ?? "nil") | \(root ?? "nil") | \(cwd ?? "nil")" }
    }

    static let keyCases: [KeyCase] = [
        .init(remote: "https://user:tok@GitHub.com/a/b.git", root: "/r", cwd: "/r/s", expected: "github.com/a/b"),
        .init(remote: "git@github.com:a/b.git", root: nil, cwd: nil, expected: "github.com/a/b"),
        .init(remote: "git@GITHUB.COM:/a/b.git/", root: nil, cwd: nil, expected: "github.com/a/b"),
        .init(remote: "ssh://git@github.com/a/b.git/", root: nil, cwd: nil, expected: "github.com/a/b"),
        .init(remote: "ssh://git:pw@github.com:22/a/b.git", root: nil, cwd: nil, expected: "github.com/a/b"),
        .init(remote: "ssh://git@host:2222/a/b.git", root: nil, cwd: nil, expected: "host:2222/a/b"),
        .init(remote: "https://github.com/a/b/", root: nil, cwd: nil, expected: "github.com/a/b"),
        .init(remote: "https://github.com:443/a/b", root: nil, cwd: nil, expected: "github.com/a/b"),
        .init(remote: "https://example.com:8443/a/b.git", root: nil, cwd: nil, expected: "example.com:8443/a/b"),
        .init(remote: "https://Alice:S3cret@Example.COM/Team/Repo.git", root: nil, cwd: nil, expected: "example.com/Team/Repo"),
        .init(remote: "https://host/a/b.git?x=1#frag", root: nil, cwd: nil, expected: "host/a/b"),
        .init(remote: "git://host/x.git", root: nil, cwd: nil, expected: "host/x"),
        .init(remote: "/srv/git/repo.git", root: "/r", cwd: nil, expected: "/srv/git/repo"),
        .init(remote: "file:///srv/git/repo.git/", root: nil, cwd: nil, expected: "/srv/git/repo"),
        .init(remote: nil, root: "/home/u/proj", cwd: "/home/u/proj/sub", expected: "/home/u/proj"),
        .init(remote: "", root: "/home/u/proj/", cwd: nil, expected: "/home/u/proj"),
        .init(remote: " ", root: "/home/u/site.git", cwd: nil, expected: "/home/u/site.git"),
        .init(remote: nil, root: nil, cwd: "/tmp/x", expected: "/tmp/x"),
        .init(remote: nil, root: "", cwd: "/", expected: "/"),
        .init(remote: nil, root: nil, cwd: "", expected: nil),
        .init(remote: nil, root: nil, cwd: nil, expected: nil),
        .init(remote: nil, root: String(repeating: "/d", count: 200), cwd: "/short", expected: "/short"),
    ]

    @Test(arguments: keyCases)
    func projectKeyPrefersRemoteThenRootThenDirectory(_ c: KeyCase) {
        #expect(GitRemote.projectKey(remote: c.remote, gitRoot: c.root, workingDirectory: c.cwd) == c.expected)
    }

    static let plantedSecrets: [String] = [
        "https://alice:s3cret@example.com/team/repo.git",
        "http://s3cret@example.com/team/repo.git",
        "https://x-access-token:s3cret@github.com/a/b",
        "https://alice:s3cret@EXAMPLE.com:8443/team/repo.git",
        "https://alice:s3c@ret@example.com/team/repo.git",
        "ssh://git:s3cret@example.com/team/repo.git",
        "ssh://git:s3cret@[::1]:22/team/repo.git",
        "git+ssh://git:s3cret@example.com/team/repo.git",
        "git:s3cret@example.com:team/repo.git",
        "ftp://alice:s3cret@example.com/team/repo.git",
        "alice:s3cret@example.com/team/repo.git",
    ]

    @Test(arguments: plantedSecrets)
    func plantedSecretNeverSurvives(_ url: String) {
        let redacted = GitRemote.redacted(url)
        #expect(!redacted.contains("s3c"))
        #expect(!redacted.contains("ret@"))
        #expect(!redacted.isEmpty)
        let key = GitRemote.projectKey(remote: url, gitRoot: nil, workingDirectory: nil)
        #expect(key?.contains("s3c") == false)
        if url.contains("://") { #expect(key?.contains("alice") == false) }
        #expect(GitRemote.redacted(redacted) == redacted)
    }
}

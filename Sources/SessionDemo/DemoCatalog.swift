import SessionCore

/// The made-up world of a demo: tools, people, repositories, and the words they use.
package enum DemoCatalog {
    /// A simulated tool.
    package struct Application: Sendable, Hashable {
        package var name: String
        package var version: String
        /// How often it is picked, relative to the others.
        package var weight: Double
        /// Conversation turns per session.
        package var turns: ClosedRange<Int>
        /// Tool calls per turn.
        package var toolCalls: ClosedRange<Int>
        /// Chance that a session spawns sub-agents.
        package var subAgents: Double
        /// Whether its sessions promise heartbeats (editors do).
        package var heartbeats: Bool
        /// Models it calls, with prices in USD per million input and output tokens.
        package var models: [Model]
    }

    package struct Model: Sendable, Hashable {
        package var name: String
        package var inputPrice: Double
        package var outputPrice: Double
    }

    package struct User: Sendable, Hashable {
        package var name: String
        package var team: String
        package var weight: Double
        /// The tools this user reaches for first.
        package var favourites: [String]
        package var os: String
        package var osVersion: String
        package var arch: String
    }

    package struct Project: Sendable, Hashable {
        /// The project key, as ``GitRemote/projectKey(remote:gitRoot:workingDirectory:)`` derives it.
        package var key: String
        package var files: [String]
        package var prompts: [String]

        /// The repository's directory name.
        package var name: String { String(key.split(separator: "/").last ?? Substring(key)) }
        package var remote: String { "https://\(key).git" }
    }

    static let sonnet = Model(name: "claude-sonnet-4-5", inputPrice: 3, outputPrice: 15)
    static let opus = Model(name: "claude-opus-4-1", inputPrice: 15, outputPrice: 75)
    static let gpt41 = Model(name: "gpt-4.1", inputPrice: 2, outputPrice: 8)
    static let gpt4o = Model(name: "gpt-4o", inputPrice: 2.5, outputPrice: 10)
    static let mini = Model(name: "gpt-4o-mini", inputPrice: 0.15, outputPrice: 0.6)
    static let deepseek = Model(name: "deepseek-chat", inputPrice: 0.27, outputPrice: 1.1)

    package static let applications: [Application] = [
        Application(
            name: "claude-code", version: "1.0.98", weight: 30, turns: 3...7, toolCalls: 1...4, subAgents: 0.55,
            heartbeats: false, models: [sonnet, sonnet, opus]),
        Application(
            name: "cursor", version: "1.5.3", weight: 20, turns: 2...6, toolCalls: 0...3, subAgents: 0.25,
            heartbeats: true, models: [gpt41, sonnet]),
        Application(
            name: "vscode", version: "1.103.2", weight: 15, turns: 2...5, toolCalls: 0...2, subAgents: 0,
            heartbeats: true, models: [gpt4o, mini]),
        Application(
            name: "aider", version: "0.86.1", weight: 12, turns: 2...6, toolCalls: 1...3, subAgents: 0,
            heartbeats: false, models: [gpt4o, deepseek, sonnet]),
        Application(
            name: "zed", version: "0.201.5", weight: 10, turns: 2...5, toolCalls: 0...2, subAgents: 0.1,
            heartbeats: true, models: [sonnet]),
        Application(
            name: "cli-assistant", version: "2.3.0", weight: 13, turns: 1...4, toolCalls: 0...1, subAgents: 0.15,
            heartbeats: false, models: [mini, deepseek]),
    ]

    package static let users: [User] = [
        User(
            name: "alice", team: "platform", weight: 30, favourites: ["claude-code", "cursor", "cli-assistant"], os: "macOS",
            osVersion: "15.6", arch: "arm64"),
        User(name: "bob", team: "web", weight: 22, favourites: ["vscode", "aider", "claude-code"], os: "Ubuntu", osVersion: "24.04", arch: "x86_64"),
        User(name: "carol", team: "platform", weight: 20, favourites: ["zed", "claude-code"], os: "macOS", osVersion: "15.6", arch: "arm64"),
        User(name: "dave", team: "mobile", weight: 15, favourites: ["cursor", "vscode", "cli-assistant"], os: "macOS", osVersion: "14.7", arch: "arm64"),
        User(name: "erin", team: "data", weight: 13, favourites: ["aider", "claude-code", "zed"], os: "Ubuntu", osVersion: "22.04", arch: "x86_64"),
    ]

    /// Which repositories each team works on, most often first.
    package static let teamProjects: [String: [String]] = [
        "platform": ["github.com/acme/api", "github.com/acme/infra", "github.com/acme/docs"],
        "web": ["github.com/acme/web", "github.com/acme/api", "github.com/acme/docs"],
        "mobile": ["github.com/acme/mobile", "github.com/acme/api"],
        "data": ["gitlab.com/acme/data-pipeline", "github.com/acme/api", "github.com/acme/infra"],
    ]

    /// The repository with this key (the first one for a key it does not know).
    package static func project(_ key: String) -> Project {
        projects.first { $0.key == key } ?? projects[0]
    }

    package static let projects: [Project] = [
        Project(
            key: "github.com/acme/api",
            files: [
                "src/routes/users.ts", "src/routes/billing.ts", "src/auth/session.ts", "src/db/migrations/0042_audit_log.sql",
                "src/db/pool.ts", "test/routes/users.test.ts", "test/routes/billing.test.ts", "openapi.yaml",
            ],
            prompts: [
                "Add cursor pagination to GET /users", "Fix the flaky billing webhook test", "Why does the session middleware reject valid tokens?",
                "Write a migration for the audit_log table", "Add rate limiting to the login route", "Document the billing endpoints in openapi.yaml",
            ]),
        Project(
            key: "github.com/acme/web",
            files: [
                "app/components/Dashboard.tsx", "app/components/UserMenu.tsx", "app/hooks/useSession.ts", "app/pages/settings.tsx",
                "styles/theme.css", "package.json", "app/components/__tests__/Dashboard.test.tsx",
            ],
            prompts: [
                "Add a dark mode toggle to settings", "The dashboard re-renders on every keystroke, find out why",
                "Migrate useSession to React Query", "Fix the layout shift in the user menu", "Bump vite to 7 and fix the build",
            ]),
        Project(
            key: "github.com/acme/mobile",
            files: [
                "ios/App/Views/FeedView.swift", "ios/App/AppDelegate.swift", "ios/App/Networking/APIClient.swift",
                "android/app/src/main/java/com/acme/MainActivity.kt", "shared/api/Client.kt", "ios/AppTests/FeedViewTests.swift",
            ],
            prompts: [
                "Add pull to refresh to the feed", "Crash on launch on iOS 17, see the attached stack trace",
                "Share the API client between iOS and Android", "Write snapshot tests for FeedView",
            ]),
        Project(
            key: "github.com/acme/infra",
            files: [
                "terraform/main.tf", "terraform/modules/db/variables.tf", "k8s/api/deployment.yaml", "k8s/api/hpa.yaml",
                ".github/workflows/deploy.yml", "scripts/rotate-keys.sh",
            ],
            prompts: [
                "Add an HPA for the api deployment", "Upgrade the deploy workflow to Node 22", "Why is terraform plan showing drift on the db module?",
                "Write a script to rotate the signing keys",
            ]),
        Project(
            key: "gitlab.com/acme/data-pipeline",
            files: ["pipeline/ingest.py", "pipeline/transform.py", "dags/nightly.py", "tests/test_transform.py", "pyproject.toml"],
            prompts: [
                "The nightly DAG times out on Mondays, investigate", "Add schema validation to ingest", "Port transform.py to polars",
                "Backfill last week's events",
            ]),
        Project(
            key: "github.com/acme/docs",
            files: ["docs/getting-started.md", "docs/api/reference.md", "docs/guides/auth.md", "mkdocs.yml"],
            prompts: ["Rewrite the getting started guide for the new CLI", "Fix the broken links in the API reference", "Add an auth guide"]),
    ]

    /// Tools an agent calls, with how long one call takes in milliseconds.
    package static let tools: [(name: String, duration: ClosedRange<Int64>)] = [
        ("read_file", 5...80), ("grep", 20...400), ("list_dir", 3...40), ("edit_file", 10...120), ("bash", 200...6_000),
        ("run_tests", 1_500...45_000), ("web_search", 600...3_500),
    ]

    /// Sub-agent roles, with what their parent asks of them.
    package static let roles: [(role: String, task: String)] = [
        ("explorer", "Map the code paths involved"), ("planner", "Break the change into steps"),
        ("test-runner", "Run the affected tests and report failures"), ("reviewer", "Review the diff for bugs"),
        ("refactorer", "Apply the mechanical renames"), ("doc-writer", "Update the docs for the change"),
    ]

    package static let errors: [(message: String, code: String)] = [
        ("tests failed: 3 of 128", "tests_failed"), ("rate limited by the model provider (429)", "rate_limited"),
        ("context window exceeded", "context_length_exceeded"), ("command timed out after 120 s", "timeout"),
        ("permission denied: .env", "permission_denied"), ("merge conflict in the working tree", "merge_conflict"),
    ]

    package static let responses = [
        "Done: the change is in place and the tests pass.", "I found the cause; here is the fix.", "Here is a plan in three steps.",
        "I updated the files listed below.", "The failure comes from a race in the setup; I made it deterministic.",
        "I could not reproduce it locally; here is what I checked.",
    ]

    package static let branches = ["main", "main", "feature/pagination", "fix/flaky-test", "chore/deps", "feature/dark-mode", "spike/perf"]

    package static let endReasons = ["done", "done", "user_exit", "task_complete"]
    package static let terminateReasons = ["stopped by admin", "runaway cost", "stuck in a loop"]
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import TestSupport
import Testing

/// The dashboard in a real browser (Debian's headless `chromium`) against a live server with
/// data: each page renders that data, logs nothing to the console, and every request it makes
/// succeeds (read back from the server's own `/metrics`).
@Suite(.serialized) struct DashboardBrowserTests {
    static var chromium: String? {
        let path = "/usr/bin/chromium"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        return ProcessInfo.processInfo.environment["CI"] == nil ? nil : path
    }

    /// Loads `url` headless and returns the DOM once the page's scripts have settled, and the
    /// browser's console lines.
    static func render(_ url: String) async throws -> (dom: String, console: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium))
        let profile = try TemporaryDirectory(prefix: "sessiond-chromium")
        defer { profile.remove() }
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--window-size=1280,1600", "--dump-dom", url,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Pipes are read on threads of their own: a blocking read on the concurrency pool would
        // starve the in-process server the browser is talking to.
        async let errText = Self.readToEnd(err.fileHandleForReading)
        let dom = String(decoding: await Self.readToEnd(out.fileHandleForReading), as: UTF8.self)
        process.waitUntilExit()
        let console = String(decoding: await errText, as: UTF8.self).split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (dom, console)
    }

    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    /// Requests the server answered with anything but 2xx/304, from its metrics.
    static func failedRequests(_ client: any TestClientProtocol) async throws -> [String] {
        let text = String(buffer: try await client.send(.get, "/metrics").body)
        return text.split(separator: "\n").filter { line in
            line.hasPrefix("sessiond_http_request_duration_seconds_count{")
                && !(line.contains(#"status="2"#) || line.contains(#"status="304""#))
        }.map(String.init)
    }

    @Test(.enabled(if: DashboardBrowserTests.chromium != nil))
    func pagesRenderTheServersDataWithoutErrors() async throws {
        try await ServerFixture.withServer { client, manager in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)/"
            let agent = try await manager.create(SessionSpec(application: "agent-smith", userID: "alice"))
            let child = try await manager.create(SessionSpec(application: "agent-smith", userID: "alice"), parentID: agent.id)
            _ = try await manager.append(child.id, [NewEvent(type: "tool.call", data: ["tool": "grep"], stateDelta: ["step": "searched"])])
            let ide = try await manager.create(SessionSpec(application: "ide-neo", userID: "bob"))
            _ = try await manager.append(ide.id, [
                NewEvent(type: "user.prompt", stateDelta: ["mode": "draft"]), NewEvent(type: "error", data: ["message": "boom"]),
            ])
            _ = try await manager.fail(ide.id, reason: "crashed")

            let overview = try await Self.render(base + "#/")
            #expect(overview.dom.contains(#"data-ready="overview""#))
            #expect(overview.dom.contains(#"id="active-now">2<"#))
            #expect(overview.dom.contains("agent-smith"))
            #expect(overview.dom.contains("ide-neo"))
            #expect(overview.dom.contains(##"href="#/sessions?user=alice""##))
            #expect(overview.dom.contains(##"href="#/sessions?user=bob""##))
            #expect(overview.dom.contains(#"id="heatmap""#))
            #expect(overview.dom.contains(#"id="timeline-chart""#))
            #expect(overview.console.isEmpty, "console: \(overview.console)")

            let list = try await Self.render(base + "#/sessions")
            #expect(list.dom.contains(#"data-ready="sessions""#))
            for id in [agent.id, child.id, ide.id] { #expect(list.dom.contains(id.lowercased)) }
            #expect(list.console.isEmpty, "console: \(list.console)")

            let page = try await Self.render(base + "#/sessions/\(ide.id.lowercased)")
            #expect(page.dom.contains(#"data-ready="session""#))
            #expect(page.dom.contains(#"id="replay-slider""#))
            #expect(page.dom.contains("user.prompt"))
            #expect(page.dom.contains("crashed"))
            #expect(page.dom.contains("draft"))  // the replayed state
            #expect(page.console.isEmpty, "console: \(page.console)")

            let tree = try await Self.render(base + "#/sessions/\(agent.id.lowercased)")
            #expect(tree.dom.contains(child.id.lowercased))
            let failed = try await Self.failedRequests(client)
            #expect(failed.isEmpty, "failed requests: \(failed)")
        }
    }

    @Test(.enabled(if: DashboardBrowserTests.chromium != nil))
    func theAssistantsViewAndAConversationReplay() async throws {
        try await ServerFixture.withServer { client, manager in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)/"
            func hook(_ event: String, _ fields: [String: JSONValue] = [:]) async throws {
                var payload: [String: JSONValue] = ["session_id": "conv-1", "hook_event_name": .string(event), "cwd": "/tmp"]
                payload.merge(fields) { $1 }
                #expect(try await client.send(.post, "/v1/hooks/claude-code?user=ana", json: .object(payload)).status == .accepted)
            }
            try await hook("SessionStart", ["source": "startup"])
            try await hook("UserPromptSubmit", ["prompt": "fix the flaky test"])
            try await hook("PreToolUse", ["tool_name": "Bash", "tool_use_id": "t1", "tool_input": ["command": "npm test"]])
            try await hook("PostToolUseFailure", ["tool_name": "Bash", "tool_use_id": "t1", "tool_input": ["command": "npm test"], "error": "1 failing"])
            try await hook("SubagentStart", ["agent_id": "a1", "agent_type": "Explore"])
            try await hook("PreToolUse", ["tool_name": "Read", "tool_use_id": "t2", "agent_id": "a1", "tool_input": ["file_path": "/tmp/x"]])
            try await hook("PostToolUse", ["tool_name": "Read", "tool_use_id": "t2", "agent_id": "a1", "tool_response": ["ok": true]])
            try await hook("SubagentStop", ["agent_id": "a1", "agent_type": "Explore"])
            try await hook("PreCompact", ["trigger": "auto"])
            try await hook("Stop")
            try await hook("SessionEnd", ["reason": "prompt_input_exit"])
            let session = try await manager.session(AssistantKind.claudeCode.reference("conv-1"))

            let view = try await Self.render(base + "#/assistants")
            #expect(view.dom.contains(#"data-ready="assistants""#))
            #expect(view.dom.contains(#"id="assistant-tools""#))
            #expect(view.dom.contains("Bash"))
            #expect(view.dom.contains("Read"))
            #expect(view.dom.contains(">ana<"))
            #expect(view.console.isEmpty, "console: \(view.console)")

            let page = try await Self.render(base + "#/sessions/\(session.id.lowercased)")
            #expect(page.dom.contains(#"id="conversation""#))
            #expect(page.dom.contains("fix the flaky test"))
            #expect(page.dom.contains("1 failing"), "the tool's error")
            #expect(page.dom.contains(#"class="conv-compaction""#))
            #expect(page.dom.contains(#"class="subagent""#), "the subagent inline")
            #expect(page.dom.contains(#"id="agent-summary""#))
            #expect(page.console.isEmpty, "console: \(page.console)")
            let failed = try await Self.failedRequests(client)
            #expect(failed.isEmpty, "failed requests: \(failed)")
        }
    }
}

import Foundation
import SessionCore
import SessionKit
import SessionStoreSQLite
import TestSupport
import Testing

/// The README's embedding example, kept compiling and true.
@Suite struct ReadmeExampleTests {
    @Test func embeddingExampleRuns() async throws {
        let directory = try TemporaryDirectory(prefix: "sessiond-readme")
        defer { directory.remove() }
        let path = directory.path("sessions.sqlite")

        // --- as in README.md ---
        let store = try SQLiteSessionStore(path: path)
        let sessions = SessionManager(store: store)

        let context = await ContextCapture.capture(.init(applicationName: "my-agent", applicationVersion: "1.4.0"))
        let run = try await sessions.create(SessionSpec(application: "my-agent", userID: "alice", context: context.context))
        let helper = try await sessions.create(SessionSpec(labels: ["role": "reviewer"]), parentID: run.id)

        _ = try await sessions.append(helper.id, [NewEvent(type: "tool.call", data: ["tool": "grep"], stateDelta: ["step": 1])])
        _ = try await sessions.end(run.id)  // the helper is terminated with reason parent_closed
        print(try await sessions.tree(run.id).metrics.json)
        // --- end ---

        #expect(try await sessions.session(helper.id).endReason == "parent_closed")
        #expect(try await sessions.tree(run.id).metrics.events == 1)
        #expect(context.context["app"]?["version"] == "1.4.0")
        try await store.close()
    }
}

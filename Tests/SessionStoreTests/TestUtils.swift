import Foundation
import SessionCore
import SessionKit
import SessionStore
import TestSupport

extension StoreBackend {
    /// Runs `body` with an engine on a fresh store and a manual clock.
    func withEngine<T: Sendable>(
        _ configure: (inout SessionManager.Configuration) -> Void = { _ in },
        _ body: @Sendable (SessionManager, ManualClock) async throws -> T
    ) async throws -> T {
        var configuration = SessionManager.Configuration()
        configure(&configuration)
        let config = configuration
        return try await withStore { store in
            let clock = ManualClock()
            return try await body(SessionManager(store: store, configuration: config, clock: clock), clock)
        }
    }
}

extension SessionSpec {
    static func stub(
        app: String = "test-app", user: String? = "alice", externalID: String? = nil, labels: [String: String] = [:],
        context: JSONValue = ["project": ["cwd": "/work"]], policy: SessionPolicy = SessionPolicy()
    ) -> SessionSpec {
        SessionSpec(application: app, userID: user, externalID: externalID, context: context, labels: labels, policy: policy)
    }
}

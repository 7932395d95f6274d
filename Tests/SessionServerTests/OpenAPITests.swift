import Foundation
import Hummingbird
import HummingbirdTesting
import SessionCore
import SessionKit
import SessionServer
import SessionStoreSQLite
import TestSupport
import Testing

@Suite struct OpenAPITests {
    /// `METHOD /path` for every operation of the document, `{param}` style.
    static func documentedOperations(_ yaml: String) -> Set<String> {
        var operations = Set<String>()
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("components:") {
                path = nil
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) { operations.insert("\(method) \(path)") }
            }
        }
        return operations
    }

    @Test func documentDescribesExactlyTheRoutes() async throws {
        let dir = try TemporaryDirectory(prefix: "sessiond-openapi")
        defer { dir.remove() }
        let store = try SQLiteSessionStore(path: dir.path("s.sqlite"))
        let router = buildRouter(manager: SessionManager(store: store), configuration: SessionServerConfiguration())
        let served = Set(router.routes.map { route -> String in
            let path = "\(route.path)".split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            return "\(route.method) /" + path.joined(separator: "/")
        })
        let app = Application(router: router)
        let yaml = try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
        }
        #expect(yaml.hasPrefix("openapi: 3.1"))
        let documented = Self.documentedOperations(yaml)
        #expect(served.count > 20)
        #expect(served.subtracting(documented).isEmpty, "undocumented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "not served: \(documented.subtracting(served).sorted())")
        try await store.close()
    }
}

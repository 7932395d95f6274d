import ArgumentParser
import Foundation
import SessionCore

/// `--server URL` and `--token T`: run a command against a sessiond server instead of a local store.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "A sessiond server, e.g. http://127.0.0.1:7411, instead of a local store. Also $SESSIOND_URL (--db or --postgres win over it).")
    var server: String?

    @Option(name: .long, help: "API token for --server, sent as a bearer token. Also $SESSIOND_TOKEN.")
    var token: String?

    /// The server URL to use, if any, given the local store flags.
    func resolvedURL(_ store: StoreOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let server {
            guard store.db == nil, store.postgres == nil else {
                throw SessionError(.invalidArgument, "--server cannot be combined with --db or --postgres")
            }
            return server
        }
        guard store.db == nil, store.postgres == nil, let url = environment["SESSIOND_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Throws for commands that work on a local store only.
    func requireLocal(_ store: StoreOptions, command: String) throws {
        if try resolvedURL(store) != nil {
            throw SessionError(.invalidArgument, "\(command) is not available with --server")
        }
    }
}

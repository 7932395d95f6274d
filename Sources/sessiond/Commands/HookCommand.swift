import ArgumentParser
import Foundation
import SessionClient
import SessionCore
import SessionKit

/// `sessiond hook claude-code|codex|gemini`: the command an assistant runs for every hook event.
///
/// It reads the hook JSON on stdin and records it (``SessionManager/record(_:options:idempotencyKey:)``)
/// on the local store or `--server`, and it never gets in the assistant's way: it prints
/// nothing, always exits 0, and gives the store or server `--timeout-ms` at most; past that, or
/// on any failure, the payload goes to the spool (replayed, in order, by the next hook) and the
/// trouble to `hooks.log` under the data directory.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Record one assistant hook event read on stdin (what `sessiond install` puts in an assistant's settings).",
        discussion: """
            Prints nothing and always exits 0. Trouble goes to hooks.log in the data directory (beside the \
            SQLite file), and a payload that could not be recorded within --timeout-ms waits in spool/ there \
            until the next hook replays it.
            """)

    @Argument(help: "The assistant: claude-code, codex or gemini.")
    var assistant: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: ServerOptions

    @Option(help: "The user the sessions belong to. (default: $USER)")
    var user: String?

    @Option(help: "Longest the hook waits for the store or server before it spools the payload and returns, in milliseconds.")
    var timeoutMs: Int = 1000

    func run() async {
        let directory = HookCommand.dataDirectory(db: store.db)
        let log = HookLog(dataDirectory: directory)
        guard let kind = AssistantKind(rawValue: assistant) else {
            log.write(assistant: assistant, event: nil, code: "unknown_assistant", message: "no hooks for '\(assistant)': claude-code, codex or gemini")
            Self.finish()
        }
        let payload = Self.readInput(limit: AssistantHook.maxPayloadBytes + 1)
        let hook: AssistantHook
        switch AssistantHook.parse(payload, kind: kind) {
        case .success(let parsed): hook = parsed
        case .failure(let rejection):
            log.write(assistant: assistant, event: nil, code: "rejected_\(rejection.rawValue)", message: "\(payload.count) bytes on stdin")
            Self.finish()
        }
        let key = UUID().uuidString.lowercased()
        let spool = HookSpool(dataDirectory: directory, kind: kind)
        let delivery = HookDelivery(store: store, remote: remote, user: user ?? ProcessInfo.processInfo.environment["USER"], kind: kind)
        let timeout = max(10, timeoutMs)

        // The deadline: whatever the store or server is doing, the payload is spooled and the hook exits.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: Double(timeout) / 1000)
            try? spool.add(payload, key: key)
            log.write(assistant: kind.rawValue, event: hook.event, code: "timeout", message: "not recorded within \(timeout) ms; spooled")
            Self.finish()
        }
        do {
            try await delivery.run { record in
                let claimed = spool.claim()
                for (index, entry) in claimed.enumerated() {
                    do {
                        if case .success(let earlier) = AssistantHook.parse(entry.payload, kind: kind) { try await record(earlier, entry.key, entry.payload) }
                        spool.done(entry)
                    } catch {
                        for rest in claimed[index...] { spool.release(rest) }  // they keep their place for the next hook
                        throw error
                    }
                }
                try await record(hook, key, payload)
            }
        } catch {
            try? spool.add(payload, key: key)
            let (code, message) = CLIRunner.describe(error)
            log.write(assistant: kind.rawValue, event: hook.event, code: code, message: message + "; spooled")
        }
        Self.finish()
    }

    /// Exits 0 at once, whatever other tasks are doing.
    static func finish() -> Never {
        Foundation.exit(0)
    }

    /// Where hooks keep their log and spool: the directory of the SQLite file (`--db`, or the default).
    static func dataDirectory(db: String?) -> URL {
        URL(fileURLWithPath: db ?? StoreOptions.defaultDatabasePath()).deletingLastPathComponent()
    }

    /// Standard input up to `limit` bytes (more is read and dropped, so the writer never blocks).
    static func readInput(limit: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            if bytes.count < limit { bytes += chunk[0..<min(n, limit - bytes.count)] }
        }
        return bytes
    }
}

/// Records hooks on the store or server the options name, through one open store or client.
struct HookDelivery: Sendable {
    let store: StoreOptions
    let remote: ServerOptions
    let user: String?
    let kind: AssistantKind

    typealias Record = @Sendable (AssistantHook, String, [UInt8]) async throws -> Void

    func run(_ body: @Sendable (Record) async throws -> Void) async throws {
        let user = self.user
        let kind = self.kind
        if let url = try remote.resolvedURL(store) {
            let token = remote.token ?? ProcessInfo.processInfo.environment["SESSIOND_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            var configuration = SessionClient.Configuration(baseURL: url, token: token)
            configuration.retry = RetryPolicy(maxAttempts: 1)
            configuration.connectTimeout = .milliseconds(500)
            let client = SessionClient(configuration: configuration)
            do {
                try await body { hook, key, _ in
                    try await client.recordHook(kind, payload: .object(hook.payload), user: user, idempotencyKey: key)
                }
                try? await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            return
        }
        try await store.withManager { manager in
            try await body { hook, key, _ in
                _ = try await manager.record(hook, options: SessionManager.HookOptions(userID: user), idempotencyKey: key)
            }
        }
    }
}

import Foundation
import TestSupport
import SessionCore

/// Runs the real `sessiond` binary built next to the test bundle.
struct CLIProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        var lines: [String] { stdout.split(separator: "\n").map(String.init) }

        func json() throws -> JSONValue { try JSONParser.parse(stdout.trimmingCharacters(in: .whitespacesAndNewlines)) }

        func jsonLines() throws -> [JSONValue] { try lines.map { try JSONParser.parse($0) } }
    }

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sessiond")
    }

    let database: String

    /// A fresh database path in a new temp folder.
    static func temporary() throws -> CLIProcess {
        CLIProcess(database: try TemporaryDirectory(prefix: "sessiond-cli").path("cli.sqlite"))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: database).deletingLastPathComponent().path)
    }

    /// Runs `sessiond ARGS --db DATABASE` (unless `withDatabase` is false) and waits for it on a
    /// thread of its own, so a waiting test never holds one of the few cooperative threads that
    /// every other test's tasks run on.
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil, withDatabase: Bool = true, directory: String? = nil) async throws -> Output {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Output, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(arguments, stdin: stdin, environment: environment, withDatabase: withDatabase, directory: directory) })
            }
        }
    }

    /// ``run(_:stdin:environment:withDatabase:directory:)`` on the caller's thread.
    func runBlocking(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil, withDatabase: Bool = true, directory: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = Self.binary
        var args = arguments
        if withDatabase {
            // Options go after the subcommand path (e.g. `bench embedded`), before any `--`.
            args += ["--db", database]
        }
        process.arguments = args
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension CLIProcess {
    /// The lines a running process writes, read on a thread of their own; ends when it closes
    /// its output.
    static func lines(of handle: FileHandle) -> AsyncStream<String> {
        AsyncStream { continuation in
            Thread.detachNewThread {
                var pending = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: 0x0A) {
                        continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                        pending = Data(pending[(newline + 1)...])
                    }
                }
                continuation.finish()
            }
        }
    }
}

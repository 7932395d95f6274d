import ArgumentParser
import Foundation
import SessionClient
import SessionCore
import SessionStore

/// Runs a command body and turns errors into a non-zero exit with the error's code on stderr.
enum CLIRunner {
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            let (code, message) = describe(error)
            fail(code: code, message: message)
        }
    }

    /// An error's machine-readable code and message, as the CLI prints it (and a hook logs it).
    static func describe(_ error: any Error) -> (code: String, message: String) {
        switch error {
        case let error as SessionError: (error.code.rawValue, error.message)
        // A server's problem code, printed as the same failure prints locally.
        case let error as SessionClientError: (error.code.rawValue, error.message)
        case let error as SessionStoreError: ("store_\(error.code)", error.message)
        default: ("internal", "\(error)")
        }
    }

    static func fail(code: String, message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(code): \(message)\n".utf8))
        exit(code == "internal" ? 70 : 1)
    }
}

/// Writing results: JSON lines with `--json`, text otherwise.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func json(_ value: JSONValue) {
        line(JSONWriter.string(value))
    }

    /// A line for people on stderr, out of the way of what a script reads.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func session(_ session: Session, json: Bool, full: Bool = true) {
        if json { return Output.json(session.json(full: full)) }
        line(Text.session(session, full: full))
    }

    /// A session after a lifecycle move or heartbeat: `ID STATUS (REASON)`, or its JSON.
    static func moved(_ session: Session, json: Bool) {
        if json { return Output.json(session.json(full: false)) }
        line("\(session.id.lowercased) \(session.status.rawValue)" + (session.endReason.map { " (\($0))" } ?? ""))
    }

    static func event(_ event: SessionEvent, json: Bool) {
        if json { return Output.json(event.json) }
        line(Text.event(event))
    }
}

import ArgumentParser
import Foundation
import SessionCore
import SessionKit

struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append", abstract: "Append an event, or JSON lines of events from stdin.",
        discussion: """
            One event: --type T [--data JSON] [--state-delta JSON]. With --jsonl -, each stdin line is an event object \
            {"type", "data", "state_delta", "idempotency_key", …}, committed in atomic batches of --batch-size lines. \
            A bad line stops the run with its line number: the lines before it are stored, none after it.
            """)

    @OptionGroup var target: SessionTarget

    @Option(help: "Event type, e.g. tool.call (session.* is reserved).")
    var type: String?
    @Option(help: "Event data as JSON. Default {}.")
    var data: String?
    @Option(help: "A JSON Merge Patch applied to the session state.")
    var stateDelta: String?
    @Option(help: "Fail with sequence_conflict unless the session's last seq is N.")
    var expectedSeq: Int64?
    @Option(help: "Retrying with the same key returns the stored event and writes nothing.")
    var idempotencyKey: String?
    @Option(help: "Who produced the event.")
    var source: String?
    @Option(help: "Read events as JSON lines from this file; - for stdin.")
    var jsonl: String?
    @Option(help: "Lines per atomic batch with --jsonl (1 to 1000).")
    var batchSize: Int = 1000

    func run() async throws {
        try await CLIRunner.run {
            let reference = try target.session.reference()
            let limits = EventLimits.default
            if let jsonl {
                guard type == nil, data == nil, stateDelta == nil else {
                    throw SessionError(.invalidArgument, "--jsonl takes the events from the input, not from --type/--data")
                }
                guard (1...limits.maxBatch).contains(batchSize) else {
                    throw SessionError(.invalidArgument, "batch-size must be 1 to \(limits.maxBatch)")
                }
                try await appendLines(reference, from: jsonl, limits: limits)
                return
            }
            guard let type else { throw SessionError(.invalidArgument, "--type is required (or --jsonl)") }
            let event = NewEvent(
                type: type, data: try data.map { text throws(SessionError) in try JSONParser.parse(text, limits: limits.parserLimits) } ?? .emptyObject,
                stateDelta: try stateDelta.map { text throws(SessionError) in try JSONParser.parse(text, limits: limits.parserLimits) },
                source: source, idempotencyKey: idempotencyKey)
            let expected = expectedSeq
            let result = try await target.store.withSessions(target.remote) { sessions in
                try await sessions.append(try await sessions.id(of: reference), [event], expectedSeq: expected)
            }
            for stored in result.events { Output.event(stored, json: target.json) }
        }
    }

    private func appendLines(_ reference: SessionReference, from path: String, limits: EventLimits) async throws {
        let handle: FileHandle
        if path == "-" {
            handle = .standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: path) else { throw SessionError(.invalidArgument, "cannot read \(path)") }
            handle = file
        }
        let batchSize = self.batchSize
        let json = target.json
        let expectedSeq = self.expectedSeq
        try await target.store.withSessions(target.remote) { sessions in
            let id = try await sessions.id(of: reference)
            var expected = expectedSeq
            var batch: [NewEvent] = []
            var lineNumber = 0
            var total = 0
            func flush() async throws {
                guard !batch.isEmpty else { return }
                let result = try await sessions.append(id, batch, expectedSeq: expected)
                expected = expected.map { _ in result.lastSeq }
                total += result.events.count
                for stored in result.events where json { Output.event(stored, json: true) }
                batch.removeAll(keepingCapacity: true)
            }
            var reader = LineReader(handle: handle)
            while let line = try reader.next() {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                do {
                    let event = try NewEvent(json: try JSONParser.parse(line, limits: limits.parserLimits))
                    try limits.validate(event)
                    batch.append(event)
                } catch let error as SessionError {
                    try await flush()
                    throw SessionError(error.code, "line \(lineNumber): \(error.message)")
                }
                if batch.count == batchSize { try await flush() }
            }
            try await flush()
            if !json { Output.line("appended \(total) events") }
        }
    }
}

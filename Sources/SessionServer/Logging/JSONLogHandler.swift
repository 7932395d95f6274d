public import Logging
import SessionCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler that writes one JSON object per line: `time` (RFC 3339, ms, UTC),
/// `level`, `logger` (the label), `message`, then the metadata under its own keys
/// (`session.id`, `http.route`, …); nested metadata stays nested.
///
/// `sessiond serve --log-format json` bootstraps it on standard error.
public struct JSONLogHandler: LogHandler {
    /// Where the lines go: standard error, or a closure (tests).
    public struct Output: Sendable {
        let write: @Sendable ([UInt8]) -> Void

        public static var standardError: Output {
            // One write(2) per line: lines of concurrent tasks do not interleave.
            Output { line in
                line.withUnsafeBufferPointer { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                        if written <= 0 { break }
                        offset += written
                    }
                }
            }
        }

        public static func custom(_ write: @escaping @Sendable ([UInt8]) -> Void) -> Output {
            Output(write: write)
        }
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let output: Output

    public init(label: String, output: Output = .standardError) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: JSONValue] = [:]
        for (key, value) in metadata { object[key] = Self.json(value) }
        if let extra = event.metadata {
            for (key, value) in extra { object[key] = Self.json(value) }
        }
        object["time"] = .string(Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))).iso8601)
        object["level"] = .string(event.level.rawValue)
        object["logger"] = .string(label)
        object["message"] = .string("\(event.message)")
        if event.level >= .error { object["source"] = .string("\(event.file):\(event.line)") }
        var line = JSONWriter.bytes(.object(object))
        line.append(UInt8(ascii: "\n"))
        output.write(line)
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let value): return .string(value.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let values): return .object(values.mapValues(json))
        }
    }
}

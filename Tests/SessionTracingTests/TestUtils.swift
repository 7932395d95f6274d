import Foundation
import Hummingbird
import NIOCore
import Synchronization
import TestSupport
import Testing

@testable import SessionTracing

/// Reads the protocol buffers wire format back, to check what the encoder wrote field by field.
struct ProtobufMessage {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes([UInt8])
    }

    var fields: [(number: Int, value: Value)] = []

    init(_ bytes: [UInt8]) throws {
        var index = 0
        func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.count, shift < 64 else { throw DecodingError.truncated }
                let byte = bytes[index]
                index += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
        }
        func take(_ count: Int) throws -> [UInt8] {
            guard count >= 0, index + count <= bytes.count else { throw DecodingError.truncated }
            defer { index += count }
            return Array(bytes[index..<index + count])
        }
        while index < bytes.count {
            let key = try varint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: fields.append((number, .varint(try varint())))
            case 1: fields.append((number, .fixed64(try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) })))
            case 2: fields.append((number, .bytes(try take(Int(try varint())))))
            case 5: fields.append((number, .fixed32(try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) })))
            default: throw DecodingError.wireType(key & 7)
            }
        }
    }

    enum DecodingError: Error { case truncated, wireType(UInt64) }

    func all(_ number: Int) -> [Value] { fields.filter { $0.number == number }.map(\.value) }

    func messages(_ number: Int) throws -> [ProtobufMessage] {
        try all(number).map { value in
            guard case .bytes(let bytes) = value else { throw DecodingError.wireType(0) }
            return try ProtobufMessage(bytes)
        }
    }

    func message(_ number: Int) throws -> ProtobufMessage? { try messages(number).first }

    func bytes(_ number: Int) -> [UInt8]? {
        guard case .bytes(let bytes)? = all(number).first else { return nil }
        return bytes
    }

    func string(_ number: Int) -> String? { bytes(number).map { String(decoding: $0, as: UTF8.self) } }

    func varint(_ number: Int) -> UInt64? {
        guard case .varint(let value)? = all(number).first else { return nil }
        return value
    }

    func fixed64(_ number: Int) -> UInt64? {
        guard case .fixed64(let value)? = all(number).first else { return nil }
        return value
    }

    func fixed32(_ number: Int) -> UInt32? {
        guard case .fixed32(let value)? = all(number).first else { return nil }
        return value
    }

    /// A `repeated KeyValue` field as key → AnyValue message.
    func keyValues(_ number: Int) throws -> [String: ProtobufMessage] {
        var result: [String: ProtobufMessage] = [:]
        for pair in try messages(number) { result[pair.string(1) ?? ""] = try pair.message(2) }
        return result
    }
}

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

/// Receives OTLP/HTTP exports on a loopback port, answering with the statuses it is told to.
final class OTLPTestReceiver: Sendable {
    struct Request: Sendable {
        var contentType: String
        var headers: [String: String]
        var body: [UInt8]
    }

    private let state = Mutex<(requests: [Request], statuses: [Int])>(([], []))
    private let arrivals: AsyncStream<Request>
    private let arrived: AsyncStream<Request>.Continuation

    init() {
        (arrivals, arrived) = AsyncStream.makeStream(of: Request.self)
    }

    var requests: [Request] { state.withLock { $0.requests } }

    /// The requests as they arrive.
    var received: AsyncStream<Request> { arrivals }

    /// Statuses for the next requests, in order; 200 after them.
    func respond(with statuses: [Int]) { state.withLock { $0.statuses = statuses } }

    private func receive(_ request: Request) -> Int {
        defer { arrived.yield(request) }
        return state.withLock { state in
            state.requests.append(request)
            return state.statuses.isEmpty ? 200 : state.statuses.removeFirst()
        }
    }

    static func withReceiver<T: Sendable>(_ body: @Sendable (OTLPTestReceiver, String) async throws -> T) async throws -> T {
        let receiver = OTLPTestReceiver()
        let router = Router()
        router.post("v1/traces") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 64 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = receiver.receive(
                Request(contentType: request.headers[.contentType] ?? "", headers: headers, body: Array(buffer: bytes)))
            return Response(status: .init(code: status), headers: [.contentType: "application/x-protobuf"], body: .init(byteBuffer: ByteBuffer()))
        }
        return try await LoopbackServer.with(router) { port in try await body(receiver, "http://127.0.0.1:\(port)/v1/traces") }
    }
}

package import Hummingbird
import NIOCore
package import SessionCore

extension Response {
    /// A JSON response.
    package static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(value))))
    }
}

extension Request {
    /// The body's bytes, read up to `maxBytes` (`payload_too_large` beyond).
    package func bytes(maxBytes: Int) async throws -> [UInt8] {
        Array(try await collect(maxBytes: maxBytes).readableBytesView)
    }

    private func collect(maxBytes: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw SessionError(.payloadTooLarge, "the request body is larger than \(maxBytes) bytes")
        }
    }

    /// The body as JSON, read up to `maxBytes` (`payload_too_large` beyond), parsed with limits.
    /// An empty body is `{}` when `allowEmpty`.
    package func json(maxBytes: Int, limits: SessionLimits, allowEmpty: Bool = false) async throws -> JSONValue {
        let buffer = try await collect(maxBytes: maxBytes)
        if buffer.readableBytes == 0 {
            if allowEmpty { return .emptyObject }
            throw SessionError(.invalidJSON, "the request body is empty")
        }
        let parserLimits = JSONParser.Limits(maxDepth: limits.maxJSONDepth, maxBytes: maxBytes, maxStringBytes: limits.maxStringBytes)
        return try buffer.withUnsafeReadableBytes { raw throws(SessionError) in
            try JSONParser.parse(raw.bindMemory(to: UInt8.self), limits: parserLimits)
        }
    }

    /// The URL query as name/value pairs, in order, for SessionCore's query readers.
    var queryItems: [(String, String)] {
        uri.queryParameters.map { (String($0.key), String($0.value)) }
    }
}

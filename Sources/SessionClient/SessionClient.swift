public import AsyncHTTPClient
public import Logging
import NIOCore
import NIOHTTP1
import SessionCore

/// The typed client of the sessiond HTTP API (`docs/HTTP-API.md`).
///
/// Every route has a method returning SessionCore types. Answers 4xx are thrown at once as
/// ``SessionClientError``; a 503 or a connection error is retried with exponential backoff and
/// full jitter (``RetryPolicy``), then thrown. Call ``shutdown()`` when done.
///
/// ```swift
/// let client = SessionClient(configuration: .init(baseURL: "http://127.0.0.1:7411"))
/// let session = try await client.create(SessionSpec(application: "my-tool"))
/// _ = try await client.append(session.id, NewEvent(type: "tool.call", data: ["tool": "grep"]))
/// try await client.end(session.id)
/// try await client.shutdown()
/// ```
public final class SessionClient: Sendable {
    public let configuration: Configuration
    let httpClient: HTTPClient
    private let ownsHTTPClient: Bool
    let logger: Logger

    /// - Parameters:
    ///   - httpClient: a client to share; by default the ``SessionClient`` makes its own and
    ///     ``shutdown()`` shuts it down.
    ///
    /// > Important: a shared `HTTPClient` should set `connectionPool.retryConnectionEstablishment`
    /// > to `false`, or a server that is down costs the whole connect timeout on every try.
    public init(configuration: Configuration, httpClient: HTTPClient? = nil, logger: Logger = Logger(label: "sessiond.client")) {
        self.configuration = configuration
        self.logger = logger
        if let httpClient {
            self.httpClient = httpClient
            ownsHTTPClient = false
        } else {
            var config = HTTPClient.Configuration()
            config.timeout = .init(
                connect: .milliseconds(configuration.connectTimeout.milliseconds), read: .milliseconds(configuration.requestTimeout.milliseconds))
            // A refused connection fails the try at once; ``RetryPolicy`` decides about the next,
            // instead of the pool retrying until the connect timeout and backing off after.
            config.connectionPool.retryConnectionEstablishment = false
            self.httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
            ownsHTTPClient = true
        }
    }

    /// Shuts down the HTTP client if this ``SessionClient`` made it.
    public func shutdown() async throws {
        if ownsHTTPClient { try await httpClient.shutdown() }
    }

    // MARK: Transport

    /// An answer: status, headers and the parsed body.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var json: JSONValue
    }

    /// Sends a request, retrying 503 and connection errors per ``Configuration/retry``.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let token = configuration.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: JSONWriter.bytes(body)))
        }
        let policy = configuration.retry
        var attempt = 1
        while true {
            let error: SessionClientError
            do {
                let answer = try await execute(request)
                return answer
            } catch let failure as SessionClientError where failure.isRetryable {
                error = failure
            }
            guard attempt < policy.maxAttempts else { throw error }
            let delay = policy.delay(afterAttempt: attempt)
            logger.debug(
                "retrying request", metadata: ["http.route": "\(path)", "retry.attempt": "\(attempt)", "error.code": "\(error.code)"])
            try await configuration.sleep(delay)
            attempt += 1
        }
    }

    private func execute(_ request: HTTPClientRequest) async throws -> Answer {
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: .milliseconds(configuration.requestTimeout.milliseconds), logger: logger)
            bytes = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SessionClientError(code: .unreachable, status: nil, message: "cannot reach \(configuration.baseURL)", underlying: error)
        }
        let status = Int(response.status.code)
        let json: JSONValue?
        if bytes.readableBytes == 0 {
            json = nil
        } else {
            json = try? bytes.withUnsafeReadableBytes { raw throws(SessionError) in try JSONParser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        guard (200..<300).contains(status) else {
            let code = json?["code"]?.stringValue ?? "http_\(status)"
            let detail = json?["detail"]?.stringValue ?? response.status.reasonPhrase
            throw SessionClientError(code: .init(code), status: status, message: detail)
        }
        guard let json else {
            throw SessionClientError(code: .invalidResponse, status: status, message: "the answer is not JSON")
        }
        return Answer(status: status, headers: response.headers, json: json)
    }

    private func url(_ path: String, query: [(String, String)]) -> String {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var url = base + path
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.percentEncoded($0.0))=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        }
        return url
    }

    /// RFC 3986 unreserved characters stay, every other byte is `%XX`.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return out
    }
}

/// Decodes with SessionCore's readers, turning a shape error into ``SessionClientError/Code/invalidResponse``.
func decode<T>(_ body: () throws(SessionError) -> T) throws(SessionClientError) -> T {
    do {
        return try body()
    } catch {
        throw SessionClientError(code: .invalidResponse, status: nil, message: "unexpected answer: \(error.message)")
    }
}

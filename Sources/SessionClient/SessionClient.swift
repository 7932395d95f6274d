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
        var request = makeRequest(method, path, query: query, headers: [("Accept", "application/json")] + headers)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: JSONWriter.bytes(body)))
        }
        var attempt = 1
        while true {
            do {
                return try await execute(request)
            } catch let failure as SessionClientError where failure.isRetryable {
                try await backOff(after: attempt, failure, route: path)
            }
            attempt += 1
        }
    }

    /// A request to `path` with the token and `headers`.
    func makeRequest(_ method: HTTPMethod, _ path: String, query: [(String, String)], headers: [(String, String)]) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = method
        if let token = configuration.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return request
    }

    /// After failed try `attempt` (1-based) with a retryable `error`: throws it once
    /// ``RetryPolicy/maxAttempts`` tries are spent, else waits ``RetryPolicy/delay(afterAttempt:)``.
    func backOff(after attempt: Int, _ error: SessionClientError, route: String) async throws {
        let policy = configuration.retry
        guard attempt < policy.maxAttempts else { throw error }
        logger.debug("retrying request", metadata: ["http.route": "\(route)", "retry.attempt": "\(attempt)", "error.code": "\(error.code)"])
        try await configuration.sleep(policy.delay(afterAttempt: attempt))
    }

    /// Sends `request` once and reads the head of the answer; the body is the caller's to read.
    /// A transport failure is ``SessionClientError/Code/unreachable``.
    func open(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        do {
            return try await httpClient.execute(request, timeout: .milliseconds(configuration.requestTimeout.milliseconds), logger: logger)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw unreachable(error)
        }
    }

    func unreachable(_ error: any Error) -> SessionClientError {
        SessionClientError(code: .unreachable, status: nil, message: "cannot reach \(configuration.baseURL)", underlying: error)
    }

    private func execute(_ request: HTTPClientRequest) async throws -> Answer {
        let response = try await open(request)
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw unreachable(error)
        }
        let json = Self.json(bytes)
        guard (200..<300).contains(response.status.code) else { throw Self.problem(response, json) }
        guard let json else {
            throw SessionClientError(code: .invalidResponse, status: Int(response.status.code), message: "the answer is not JSON")
        }
        return Answer(status: Int(response.status.code), headers: response.headers, json: json)
    }

    /// The body as JSON, or `nil` when it is empty or not JSON.
    static func json(_ bytes: ByteBuffer) -> JSONValue? {
        guard bytes.readableBytes > 0 else { return nil }
        return try? bytes.withUnsafeReadableBytes { raw throws(SessionError) in try JSONParser.parse(raw.bindMemory(to: UInt8.self)) }
    }

    /// The error of a non-2xx answer: the problem's `code` and `detail`, else `http_STATUS`.
    static func problem(_ response: HTTPClientResponse, _ json: JSONValue?) -> SessionClientError {
        let status = Int(response.status.code)
        let code = json?["code"]?.stringValue ?? "http_\(status)"
        let detail = json?["detail"]?.stringValue ?? response.status.reasonPhrase
        return SessionClientError(code: .init(code), status: status, message: detail)
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

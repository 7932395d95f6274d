public import Hummingbird
import Logging
public import SessionCore
public import SessionStore

/// An error answered as `application/problem+json` (RFC 9457) with a stable `code`:
/// `{"type": "urn:sessiond:problem:CODE", "title", "status", "detail", "code"}`.
public struct ProblemError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var detail: String

    public init(status: HTTPResponse.Status, code: String, detail: String) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    /// The HTTP answer for every domain error code: input errors 4xx, conflicts 409.
    public init(_ error: SessionError) {
        let status: HTTPResponse.Status
        switch error.code {
        case .sessionNotFound: status = .notFound
        case .payloadTooLarge, .batchTooLarge: status = .contentTooLarge
        case .invalidTransition, .sessionEnded, .sequenceConflict, .duplicateExternalID, .parentEnded, .nothingToUndo,
            .nothingToRedo, .sessionStale, .legalHold, .notArchived:
            status = .conflict
        case .invalidStateDelta, .invalidEventType, .idempotencyKeyReused, .depthExceeded: status = .unprocessableContent
        default: status = .badRequest  // invalid_json, invalid_utf8, json_too_deep, invalid_argument
        }
        self.init(status: status, code: error.code.rawValue, detail: error.message)
    }

    /// Storage failures: the request may be retried.
    public init(_ error: SessionStoreError) {
        self.init(status: .serviceUnavailable, code: "store_\(error.code)", detail: error.message)
    }

    /// Maps any error a handler throws; unknown ones become an opaque 500.
    public static func from(_ error: any Error) -> ProblemError {
        switch error {
        case let problem as ProblemError: return problem
        case let error as SessionError: return ProblemError(error)
        case let error as SessionStoreError: return ProblemError(error)
        case let error as HTTPError:
            let code: String
            switch error.status {
            case .notFound: code = "not_found"
            case .methodNotAllowed: code = "method_not_allowed"
            case .contentTooLarge: code = "payload_too_large"
            case .badRequest: code = "bad_request"
            default: code = "http_\(error.status.code)"
            }
            return ProblemError(status: error.status, code: code, detail: error.body ?? error.status.reasonPhrase)
        default:
            return ProblemError(status: .internalServerError, code: "internal", detail: "internal error")
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: JSONValue] = [
            "type": .string("urn:sessiond:problem:\(code)"), "title": .string(status.reasonPhrase),
            "status": .int(Int64(status.code)), "detail": .string(detail), "code": .string(code),
        ]
        body["instance"] = .string(request.uri.path)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .serviceUnavailable { headers[.retryAfter] = "1" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(.object(body)))))
    }
}

/// Turns every error into a problem response, unmatched routes included.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = ProblemError.from(error)
            if problem.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))"])
            }
            return try problem.response(from: request, context: context)
        }
    }
}

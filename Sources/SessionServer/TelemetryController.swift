public import Hummingbird
import NIOCore
import SessionCore
public import SessionKit

/// OTLP/HTTP ingest at the standard paths, `POST /v1/logs` and `POST /v1/metrics`, for an
/// assistant's own OpenTelemetry export (Claude Code's `CLAUDE_CODE_ENABLE_TELEMETRY=1` with
/// `OTEL_EXPORTER_OTLP_ENDPOINT` pointing here): each record lands on its session by `session.id`
/// (``SessionManager/recordTelemetry(_:userID:)``). Both OTLP/HTTP encodings, `http/protobuf`
/// and `http/json`, uncompressed or gzip (another encoding gets 415 `unsupported_encoding`); the
/// answer comes in the request's encoding. A writer's right (exporters send `OTEL_EXPORTER_OTLP_HEADERS`,
/// e.g. `Authorization=Bearer …`); the sessions belong to the token's user.
public struct TelemetryController<Context: AuthenticatedRequestContext>: Sendable {
    let manager: SessionManager
    let configuration: SessionServerConfiguration

    public init(manager: SessionManager, configuration: SessionServerConfiguration) {
        self.manager = manager
        self.configuration = configuration
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.post("logs") { request, context in
            try await export(request, context, rejectedField: "rejectedLogRecords", protobuf: OTLPProtobuf.logsRequest, TelemetryLogs.records)
        }
        group.post("metrics") { request, context in
            try await export(request, context, rejectedField: "rejectedDataPoints", protobuf: OTLPProtobuf.metricsRequest, TelemetryMetrics.records)
        }
    }

    /// 200 with OTLP's response in the request's encoding: `{}` (protobuf: an empty body), or
    /// `{"partialSuccess": {"rejected…", "errorMessage"}}` when some records named no session or
    /// no known assistant.
    func export(
        _ request: Request, _ context: Context, rejectedField: String,
        protobuf decode: ([UInt8], Int) throws(SessionError) -> JSONValue,
        _ read: (JSONValue) -> (records: [TelemetryRecord], rejected: Int)
    ) async throws -> Response {
        try context.identity.require(.write)
        let encoding = request.headers[.contentEncoding]?.lowercased() ?? "identity"
        guard ["identity", "", "gzip"].contains(encoding) else {
            throw ProblemError(status: .unsupportedMediaType, code: "unsupported_encoding", detail: "send OTLP uncompressed or gzip (OTEL_EXPORTER_OTLP_COMPRESSION=gzip)")
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let binary = type.hasPrefix("application/x-protobuf") || type.hasPrefix("application/protobuf")
        guard binary || type.hasPrefix("application/json") else {
            throw ProblemError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                detail: "OTLP over HTTP comes as application/x-protobuf (http/protobuf) or application/json (http/json)")
        }
        var body = try await request.bytes(maxBytes: configuration.maxBodyBytes)
        if encoding == "gzip" { body = try GzipBody.inflate(body, maxBytes: configuration.maxBodyBytes) }
        let json: JSONValue
        if binary {
            json = try decode(body, configuration.limits.maxJSONDepth)
        } else {
            json = try JSONParser.parse(body, limits: .init(maxDepth: configuration.limits.maxJSONDepth, maxBytes: configuration.maxBodyBytes, maxStringBytes: configuration.limits.maxStringBytes))
            guard case .object = json else {
                throw ProblemError(status: .badRequest, code: "invalid_otlp", detail: "an OTLP export request is a JSON object")
            }
        }
        let (records, unreadable) = read(json)
        let result = await manager.recordTelemetry(records, userID: context.identity.token?.userID)
        let rejected = Int64(unreadable + result.rejected)
        let message = "\(rejected) record(s) named no session (session.id) of a known assistant, or could not be stored"
        if binary {
            let bytes = OTLPProtobuf.exportResponse(rejected: rejected, message: message)
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        guard rejected > 0 else { return .json(.emptyObject) }
        return .json(["partialSuccess": .object([rejectedField: .int(rejected), "errorMessage": .string(message)])])
    }
}

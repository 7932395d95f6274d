public import Hummingbird
import SessionCore
public import SessionKit

/// OTLP/HTTP ingest at the standard paths, `POST /v1/logs` and `POST /v1/metrics`, for an
/// assistant's own OpenTelemetry export (Claude Code's `CLAUDE_CODE_ENABLE_TELEMETRY=1` with
/// `OTEL_EXPORTER_OTLP_ENDPOINT` pointing here): each record lands on its session by `session.id`
/// (``SessionManager/recordTelemetry(_:userID:)``). `http/json` only; a protobuf body gets 415
/// `unsupported_media_type`. A writer's right (exporters send `OTEL_EXPORTER_OTLP_HEADERS`,
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
            try await export(request, context, rejectedField: "rejectedLogRecords", TelemetryLogs.records)
        }
        group.post("metrics") { request, context in
            try await export(request, context, rejectedField: "rejectedDataPoints", TelemetryMetrics.records)
        }
    }

    /// 200 with OTLP's response: `{}`, or `{"partialSuccess": {"rejected…", "errorMessage"}}`
    /// when some records named no session or no known assistant.
    func export(
        _ request: Request, _ context: Context, rejectedField: String, _ read: (JSONValue) -> (records: [TelemetryRecord], rejected: Int)
    ) async throws -> Response {
        try context.identity.require(.write)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else {
            throw ProblemError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                detail: "OTLP over HTTP is read as JSON here: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json")
        }
        if let encoding = request.headers[.contentEncoding], !encoding.isEmpty, encoding.lowercased() != "identity" {
            throw ProblemError(status: .unsupportedMediaType, code: "unsupported_encoding", detail: "send OTLP uncompressed (OTEL_EXPORTER_OTLP_COMPRESSION=none)")
        }
        let json = try await request.json(maxBytes: configuration.maxBodyBytes, limits: configuration.limits)
        guard case .object = json else {
            throw ProblemError(status: .badRequest, code: "invalid_otlp", detail: "an OTLP export request is a JSON object")
        }
        let (records, unreadable) = read(json)
        let result = await manager.recordTelemetry(records, userID: context.identity.token?.userID)
        let rejected = unreadable + result.rejected
        guard rejected > 0 else { return .json(.emptyObject) }
        let message = "\(rejected) record(s) named no session (session.id) of a known assistant, or could not be stored"
        return .json(["partialSuccess": .object([rejectedField: .int(Int64(rejected)), "errorMessage": .string(message)])])
    }
}

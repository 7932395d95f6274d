public import Hummingbird
public import SessionCore

/// Writes a handler's `Encodable` answer as JSON: ``JSONValueEncoder`` (lowercase UUIDs, RFC 3339
/// times, exact integers, `null` for absent values) and then ``JSONWriter``, the same bytes the
/// rest of the API writes.
public struct SessionResponseEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        .json(try JSONValueEncoder().encode(value))
    }
}

// The API's fixed-shape answers, returned from handlers as they are.
extension SessionAppendResult: ResponseEncodable {}
extension SessionEventPage: ResponseEncodable {}
extension AuditPage: ResponseEncodable {}
extension APIToken: ResponseEncodable {}
extension IssuedToken: ResponseEncodable {}

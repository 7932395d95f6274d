public import Hummingbird
import SessionCore

/// Reads a request body into its `Decodable` type: ``JSONParser`` is the gate (the body's size
/// limit, depth, UTF-8, exact integers, precise error codes), then ``JSONValueDecoder`` maps
/// the tree onto the type, naming the field of any mismatch.
///
/// A type that is ``EmptyBodyDecodable`` reads an empty body as `{}`; any other type needs one.
public struct SessionRequestDecoder: RequestDecoder, Sendable {
    /// The largest body read (`payload_too_large` beyond).
    public var maxBodyBytes: Int
    /// Depth and string limits for the parser.
    public var limits: SessionLimits

    public init(maxBodyBytes: Int, limits: SessionLimits) {
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
    }

    /// The server's body limits.
    public init(_ configuration: SessionServerConfiguration) {
        self.init(maxBodyBytes: configuration.maxBodyBytes, limits: configuration.limits)
    }

    // Kept out of line: inlined into a handler, this crashes the Swift 6.3 release build
    // (signal 11 in LLVM's coroutine splitting of `AdminController.createToken`).
    @inline(never)
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let json = try await request.json(maxBytes: maxBodyBytes, limits: limits, allowEmpty: T.self is any EmptyBodyDecodable.Type)
        return try JSONValueDecoder().decode(type, from: json)
    }
}

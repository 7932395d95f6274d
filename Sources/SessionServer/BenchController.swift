public import Hummingbird
import SessionCore

/// `POST /v1/bench/bare`: the same request work as an append (body read with its limit, JSON
/// parsed with limits, the append body and its events checked), no store. Registered only when
/// ``SessionServerConfiguration/benchEndpoint`` is on.
public struct BenchController<Context: RequestContext>: Sendable {
    let configuration: SessionServerConfiguration

    public init(configuration: SessionServerConfiguration) {
        self.configuration = configuration
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.post("bench/bare") { request, _ in
            let body = try await request.json(maxBytes: configuration.maxBodyBytes, limits: configuration.limits)
            let append = try AppendRequest(json: body)
            for event in append.events { try EventLimits.default.validate(event) }
            return Response.json(["accepted": .int(Int64(append.events.count))], status: .created)
        }
    }
}

package import Hummingbird
package import SessionServer
import SessionCore

/// `POST /v1/bench/bare`: the same request work as an append (body read with its limit, JSON
/// parsed with limits, the append body decoded and its events checked), no store: the baseline of
/// `sessiond bench http`, which starts its servers with the hidden `serve --bench-endpoint`.
package struct BenchController<Context: RequestContext>: Sendable {
    let body: SessionRequestDecoder

    package init(configuration: SessionServerConfiguration) {
        self.body = SessionRequestDecoder(configuration)
    }

    package func addRoutes(to group: RouterGroup<Context>) {
        group.post("bench/bare") { request, context in
            let append = try await body.decode(AppendRequest.self, from: request, context: context)
            for event in append.events { try EventLimits.default.validate(event) }
            return Response.json(["accepted": .int(Int64(append.events.count))], status: .created)
        }
    }
}

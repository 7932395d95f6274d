import HTTPTypes
import Hummingbird
import NIOCore

/// The dashboard: `/` and its assets under `/dashboard/`, compiled into the binary (no CDN, works offline).
/// They call the v1 API from the browser with the user's token; serving them needs none.
struct DashboardController<Context: RequestContext>: Sendable {
    static var securityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    func addRoutes(to router: Router<Context>) {
        let page = DashboardFiles.page
        let assets = DashboardFiles.assets
        router.get("/") { request, _ in Self.response(page, request) }
        router.get("/dashboard/:asset") { request, context in
            guard let asset = assets[try context.parameters.require("asset")] else {
                throw ProblemError(status: .notFound, code: "not_found", detail: "no such dashboard asset")
            }
            return Self.response(asset, request)
        }
    }

    static func response(_ asset: EmbeddedAsset, _ request: Request) -> Response {
        var headers: HTTPFields = [
            .contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "no-cache", .contentSecurityPolicy: securityPolicy,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ]
        if request.headers[.ifNoneMatch] == asset.etag {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
    }
}

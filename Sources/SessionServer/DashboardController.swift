import HTTPTypes
import Hummingbird
import NIOCore

/// The dashboard: `/` and its two assets, compiled into the binary (no CDN, works offline).
/// They call the v1 API from the browser with the user's token; serving them needs none.
struct DashboardController<Context: RequestContext>: Sendable {
    struct Asset: Sendable {
        let body: ByteBuffer
        let contentType: String
        let etag: String
    }

    static var assets: [String: Asset] {
        [
            "/": asset(PackageResources.index_html, "text/html; charset=utf-8"),
            "/dashboard/app.js": asset(PackageResources.app_js, "text/javascript; charset=utf-8"),
            "/dashboard/app.css": asset(PackageResources.app_css, "text/css; charset=utf-8"),
        ]
    }

    static func asset(_ bytes: [UInt8], _ contentType: String) -> Asset {
        // FNV-1a of the content: a stable validator across restarts of the same build.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Asset(body: ByteBuffer(bytes: bytes), contentType: contentType, etag: "\"\(String(hash, radix: 16))\"")
    }

    func addRoutes(to router: Router<Context>) {
        let assets = Self.assets
        for (path, asset) in assets {
            router.get(RouterPath(path)) { request, _ in
                var headers: HTTPFields = [
                    .contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "no-cache",
                    .contentSecurityPolicy:
                        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
                    HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                ]
                if request.headers[.ifNoneMatch] == asset.etag {
                    headers[.contentType] = nil
                    return Response(status: .notModified, headers: headers)
                }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
            }
        }
    }
}

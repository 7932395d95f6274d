/// The dashboard's files, compiled into the binary: its page, served at `/`, and its assets, at `/dashboard/NAME`.
package enum DashboardFiles {
    static var page: EmbeddedAsset { EmbeddedAsset(PackageResources.index_html, "text/html; charset=utf-8") }

    /// The styles and the scripts, ES modules: `app.js` is the entry, and imports the others by relative path.
    static var assets: [String: EmbeddedAsset] {
        let javascript = "text/javascript; charset=utf-8"
        return [
            "app.css": EmbeddedAsset(PackageResources.app_css, "text/css; charset=utf-8"),
            "app.js": EmbeddedAsset(PackageResources.app_js, javascript),
            "api.js": EmbeddedAsset(PackageResources.api_js, javascript),
            "charts.js": EmbeddedAsset(PackageResources.charts_js, javascript),
            "dom.js": EmbeddedAsset(PackageResources.dom_js, javascript),
            "format.js": EmbeddedAsset(PackageResources.format_js, javascript),
            "page.js": EmbeddedAsset(PackageResources.page_js, javascript),
            "overview.js": EmbeddedAsset(PackageResources.overview_js, javascript),
            "sessions.js": EmbeddedAsset(PackageResources.sessions_js, javascript),
            "session.js": EmbeddedAsset(PackageResources.session_js, javascript),
            "assistants.js": EmbeddedAsset(PackageResources.assistants_js, javascript),
            "conversation.js": EmbeddedAsset(PackageResources.conversation_js, javascript),
        ]
    }

    /// What a browser loads on its first visit: `/` and every asset.
    package static var paths: [String] { ["/"] + assets.keys.sorted().map { "/dashboard/\($0)" } }
}

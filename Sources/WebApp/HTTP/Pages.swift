import Foundation
import Hummingbird
import Mustache
import SyncCore

/// The app's templates (`Templates/*.mustache`) and static files (`Static/`), read once at
/// start from the target's resource bundle, and pages rendered from them. Every `{{value}}` is
/// HTML-escaped by the template engine; the templates use no unescaped tag.
struct Pages: Sendable {
    let library: MustacheLibrary
    /// File name → (content type, bytes).
    let assets: [String: (type: String, body: ByteBuffer)]

    /// Reads the templates and the static files; `not_configured` when the resource bundle is
    /// missing (it must sit beside the `tdsync` binary).
    static func load() async throws -> Pages {
        guard let root = resourceRoot() else {
            throw SyncError(.notConfigured, "the web app's resources (tdsync_WebApp.resources) are not beside the tdsync binary")
        }
        let library = try await MustacheLibrary(directory: root.appendingPathComponent("Templates").path)
        guard library.getTemplate(named: "layout") != nil else {
            throw SyncError(.notConfigured, "the web app's templates are missing from \(root.path)")
        }
        var assets: [String: (String, ByteBuffer)] = [:]
        for (name, type) in [("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8")] {
            let data = try Data(contentsOf: root.appendingPathComponent("Static").appendingPathComponent(name))
            assets[name] = (type, ByteBuffer(bytes: data))
        }
        return Pages(library: library, assets: assets)
    }

    /// The resource folder beside the binary itself, symbolic links resolved (the Debian
    /// package's `/usr/bin/tdsync` links to `/usr/lib/tdsync/tdsync`), or nil. On Linux it is
    /// looked up by hand: `Bundle.module` finds the same folder, but stops the process when
    /// it is missing instead of letting `load()` say so. Elsewhere, `Bundle.module`.
    static func resourceRoot() -> URL? {
        #if os(Linux)
        guard let binary = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let folder = binary.deletingLastPathComponent().appendingPathComponent("tdsync_WebApp.resources")
        let found = FileManager.default.fileExists(atPath: folder.appendingPathComponent("Templates").path)
        return found ? folder : nil
        #else
        return Bundle.module.resourceURL
        #endif
    }

    /// The page `template` rendered with `view`, as `text/html`.
    func html(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok) -> Response {
        let text = library.render(view, withTemplate: template) ?? "template \(template) is missing"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The static file `name`, or 404.
    func asset(_ name: String) -> Response {
        guard let asset = assets[name] else { return Refusal.response(.notFound, "Không có tệp \(name).") }
        return Response(status: .ok, headers: [.contentType: asset.type], body: .init(byteBuffer: asset.body))
    }
}

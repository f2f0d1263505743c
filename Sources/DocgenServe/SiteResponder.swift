import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Answers every request: the built site's files exactly as `docgen build` wrote them (HTML pages get
/// the live-reload script before `</body>`), the site's `404.html` for missing paths, and the three
/// `/__docgen/` endpoints. Only GET and HEAD.
struct SiteResponder: Sendable {
    /// The folder the site is built into; absent until a build has succeeded.
    let siteFolder: URL
    let channel: ReloadChannel

    /// The answer to `method` `target` (the request line's target, as sent).
    func respond(method: String, target: String) -> SiteResponse {
        let isHead = method == "HEAD"
        guard method == "GET" || isHead else {
            var response = Self.text(405, "Only GET and HEAD are supported.\n")
            response.headers.append(("Allow", "GET, HEAD"))
            return response
        }
        var response = respond(toPath: Self.path(of: target))
        response.omitsBody = isHead
        return response
    }

    /// The path part of a request target: up to `?` or `#`, still %-encoded (`RequestPath` decodes it).
    static func path(of target: String) -> String {
        var path = Substring(target)
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        // An absolute-form target (`http://host/path`), which HTTP/1.1 servers must accept.
        for scheme in ["http://", "https://"] where path.hasPrefix(scheme) {
            let authorityAndPath = path.dropFirst(scheme.count)
            path = authorityAndPath.firstIndex(of: "/").map { authorityAndPath[$0...] } ?? "/"
        }
        return String(path)
    }

    private func respond(toPath rawPath: String) -> SiteResponse {
        switch rawPath {
        case LiveReloadScript.path:
            return Self.response(200, type: "text/javascript; charset=utf-8", body: Data(LiveReloadScript.source.utf8))
        case LiveReloadScript.statusPath:
            return Self.response(200, type: "application/json; charset=utf-8", body: Data((channel.current.json + "\n").utf8))
        case LiveReloadScript.eventsPath:
            return SiteResponse(
                status: 200, headers: [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-store")],
                body: .stream(channel.subscribe()))
        default:
            break
        }
        guard let path = RequestPath(rawPath: rawPath) else {
            return Self.text(400, "docgen serve: this path is not allowed.\n")
        }
        guard Self.isDirectory(siteFolder) else {
            return Self.placeholder(build: channel.current.build)
        }
        // Names starting with '.' are never part of a site (docgen skips them in the content folder).
        guard !path.segments.contains(where: { $0.hasPrefix(".") }) else { return notFound() }
        var file = siteFolder
        for segment in path.segments { file.appendPathComponent(segment, isDirectory: false) }
        if Self.isDirectory(file) {
            guard path.endsWithSlash || path.segments.isEmpty else {
                // Page-relative links inside the folder's index.html only work under a URL ending in '/'.
                var response = Self.text(301, "Moved to \(rawPath)/\n")
                response.headers.append(("Location", rawPath + "/"))
                return response
            }
            file.appendPathComponent("index.html", isDirectory: false)
        } else if path.endsWithSlash {
            return notFound()
        }
        guard let data = readInsideSite(file) else { return notFound() }
        return serve(data, named: file.lastPathComponent, status: 200)
    }

    private func serve(_ data: Data, named name: String, status: Int) -> SiteResponse {
        let type = ContentType.forFileName(name)
        let body = type.hasPrefix("text/html") ? Self.injectingScript(into: data, build: channel.current.build) : data
        return Self.response(status, type: type, body: body)
    }

    private func notFound() -> SiteResponse {
        if let page = readInsideSite(siteFolder.appendingPathComponent("404.html")) {
            return serve(page, named: "404.html", status: 404)
        }
        return Self.text(404, "Not found.\n")
    }

    /// Reads a regular file whose real path lies inside the site folder (the build writes no links, but
    /// the check costs little and keeps that a guarantee).
    private func readInsideSite(_ file: URL) -> Data? {
        guard let root = realpath(siteFolder.path, nil) else { return nil }
        defer { free(root) }
        guard let resolved = realpath(file.path, nil) else { return nil }
        defer { free(resolved) }
        let rootPath = String(cString: root)
        let resolvedPath = String(cString: resolved)
        guard resolvedPath.hasPrefix(rootPath + "/") else { return nil }
        var status = stat()
        guard stat(resolvedPath, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileManager.default.contents(atPath: resolvedPath)
    }

    /// Adds the live-reload script before the last `</body>` (or at the end when there is none).
    static func injectingScript(into page: Data, build: String?) -> Data {
        let tag = Data(LiveReloadScript.tag(build: build).utf8)
        let bytes = [UInt8](page)
        let closing = Array("</body>".utf8)
        var index = bytes.count - closing.count
        while index >= 0 {
            if zip(bytes[index..<index + closing.count], closing).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                var result = Data(bytes[..<index])
                result.append(tag)
                result.append(contentsOf: bytes[index...])
                return result
            }
            index -= 1
        }
        return page + tag
    }

    /// Shown until the first build succeeds; its script shows the errors and reloads once the site builds.
    private static func placeholder(build: String?) -> SiteResponse {
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>docgen serve: waiting for a good build</title></head>
            <body><main><h1>Waiting for a good build</h1>
            <p>The site has not built yet. Fix the errors shown below (and on the terminal); this page reloads by itself.</p>
            </main></body></html>

            """
        return response(503, type: "text/html; charset=utf-8", body: injectingScript(into: Data(page.utf8), build: build))
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }

    static func text(_ status: Int, _ message: String) -> SiteResponse {
        response(status, type: "text/plain; charset=utf-8", body: Data(message.utf8))
    }

    static func response(_ status: Int, type: String, body: Data) -> SiteResponse {
        SiteResponse(
            status: status,
            headers: [("Content-Type", type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")],
            body: .bytes(body))
    }
}

/// Content types by file extension; text types say they are UTF-8, which is what docgen writes.
enum ContentType {
    static func forFileName(_ name: String) -> String {
        let fileExtension = (name as NSString).pathExtension.lowercased()
        switch fileExtension {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json", "map": return "application/json; charset=utf-8"
        case "webmanifest": return "application/manifest+json; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "svg": return "image/svg+xml; charset=utf-8"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "yml", "yaml": return "application/yaml; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "woff": return "font/woff"
        case "woff2": return "font/woff2"
        case "ttf": return "font/ttf"
        case "otf": return "font/otf"
        case "pdf": return "application/pdf"
        case "zip": return "application/zip"
        case "eml": return "message/rfc822"
        case "mp4": return "video/mp4"
        case "webm": return "video/webm"
        case "mp3": return "audio/mpeg"
        case "wav": return "audio/wav"
        default: return "application/octet-stream"
        }
    }
}

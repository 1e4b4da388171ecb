import Foundation
import HTTPTypes
import HangarCore
import Hummingbird
import NIOCore

/// Serves the web UI's files, and only those: the list is made once at start from the web
/// directory, keeping the files the UI ships by type (pages, modules, styles, manifest,
/// images) and leaving out notes, package files, tests and hidden files. A request path must
/// name a listed file exactly: anything percent-encoded, with a NUL, a backslash or a dot
/// segment matches nothing and falls through to the 404 of the router. The content type comes
/// from the listed file's own extension. The files are a folder's, or those a release binary
/// carries under `web/` (`EmbeddedFiles`).
struct StaticFiles<Context: RequestContext>: RouterMiddleware {
    struct File: Sendable {
        enum Place: Sendable {
            case disk
            case archive(TarReader, TarReader.Entry)
        }
        /// The file on disk, or its name in the archive (a cache key either way).
        let path: String
        let contentType: String
        var place = Place.disk
    }

    /// What the UI ships, by extension. Scripts go without a charset: module scripts and
    /// workers are always read as UTF-8, and the parameter cost every first load half a KB of
    /// headers across its modules.
    static var contentTypes: [String: String] {
        [
            "html": "text/html; charset=utf-8", "js": "text/javascript", "css": "text/css; charset=utf-8",
            "webmanifest": "application/manifest+json", "png": "image/png", "svg": "image/svg+xml", "ico": "image/x-icon",
            "woff2": "font/woff2",
        ]
    }

    /// Folders of the web directory that hold code for developers, not for browsers.
    static var privateFolders: Set<String> { ["tests", "node_modules"] }

    let files: [String: File]
    let assets = StaticAssetCache()

    init(directory: String) {
        files = Self.list(directory)
    }

    init(archive: TarReader?) {
        files = archive.map(Self.list) ?? [:]
    }

    /// URL path → file, for every public file under the archive's `web/`.
    static func list(_ archive: TarReader) -> [String: File] {
        var files: [String: File] = [:]
        for entry in archive.entries where entry.kind == .file && entry.name.hasPrefix("web/") {
            let relative = String(entry.name.dropFirst(4))
            guard let type = contentType(ofPublic: relative) else { continue }
            files["/" + relative] = File(path: entry.name, contentType: type, place: .archive(archive, entry))
        }
        return files
    }

    /// The content type of a file the UI ships at `relative`, nil for one it does not.
    static func contentType(ofPublic relative: String) -> String? {
        let segments = relative.split(separator: "/").map(String.init)
        guard segments.allSatisfy(isPlainName), !segments.dropLast().contains(where: privateFolders.contains),
            let name = segments.last, let dot = name.lastIndex(of: ".")
        else { return nil }
        return contentTypes[String(name[name.index(after: dot)...]).lowercased()]
    }

    /// URL path → file, for every public file under `directory`.
    static func list(_ directory: String) -> [String: File] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [:] }
        var files: [String: File] = [:]
        while let relative = walker.nextObject() as? String {
            guard let type = contentType(ofPublic: relative) else { continue }
            let path = root + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files["/" + relative] = File(path: path, contentType: type)
        }
        return files
    }

    /// Letters, digits, `-`, `_` and inner dots: no hidden files, no encoded or odd bytes.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".")
            && name.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, let file = file(for: request.uri.path) else {
            return try await next(request, context)
        }
        guard let (size, source) = Self.version(of: file) else { return try await next(request, context) }
        var headers: HTTPFields = [.contentType: file.contentType, .cacheControl: "no-cache"]
        var body: ByteBuffer?
        var length = size
        var tag = "W/\"\(source)\""
        if StaticAssetCache.isText(contentType: file.contentType),
            let asset = assets.asset(path: file.path, source: source, contentType: file.contentType, read: { Self.read(file) })
        {
            headers[.vary] = "Accept-Encoding"
            tag = "\"\(asset.tag)\""
            body = asset.plain
            if Gzip.isAccepted(request.headers[values: .acceptEncoding]), let compressed = asset.gzip {
                // Its own validator: a cache must not answer a gzip request with identity bytes.
                tag = "\"\(asset.tag)-gzip\""
                headers[.contentEncoding] = "gzip"
                body = compressed
            }
            length = body?.readableBytes ?? 0
        }
        headers[.eTag] = tag
        if request.headers[values: .ifNoneMatch].contains(where: {
            $0.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == tag }
        }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(length)
        if request.method == .head { return Response(status: .ok, headers: headers) }
        guard let bytes = body ?? Self.read(file).map({ ByteBuffer(bytes: $0) }) else { return try await next(request, context) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
    }

    /// The file's size, and a version that changes when the file does.
    static func version(of file: File) -> (size: Int, source: String)? {
        switch file.place {
        case .disk:
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
                let size = (attributes[.size] as? NSNumber)?.intValue
            else { return nil }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return (size, "\(String(size, radix: 16))-\(String(Int64(modified * 1000), radix: 16))")
        case .archive(_, let entry):
            // A binary's files never change while it runs.
            return (Int(entry.size), "embedded-\(String(entry.offset, radix: 16))")
        }
    }

    static func read(_ file: File) -> [UInt8]? {
        switch file.place {
        case .disk: FileManager.default.contents(atPath: file.path).map { [UInt8]($0) }
        case .archive(let archive, let entry): (try? archive.data(of: entry)).map { [UInt8]($0) }
        }
    }

    /// `/` and folder paths mean their `index.html`.
    func file(for path: String) -> File? {
        if path.hasSuffix("/") { return files[path + "index.html"] }
        return files[path]
    }
}

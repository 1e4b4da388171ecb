import NIOCore
import Synchronization

/// The gzip form of each web UI file, made on the first request that asks for it and kept
/// until the file changes (another ETag), so a file is compressed once per version rather
/// than once per request. A file that gzip does not shrink is remembered as such.
final class StaticGzipCache: Sendable {
    private struct Entry {
        let tag: String
        let body: ByteBuffer?
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Types worth compressing; images and fonts are compressed already.
    static func isCompressible(contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/manifest+json") || contentType.hasPrefix("image/svg")
    }

    /// The gzip body for `path` at version `tag`, made from `read()` when not cached yet; nil
    /// when the file is not worth compressing.
    func body(path: String, tag: String, read: () -> ByteBuffer?) -> ByteBuffer? {
        if let entry = entries.withLock({ $0[path] }), entry.tag == tag { return entry.body }
        guard let original = read() else { return nil }
        let compressed = Gzip.compress(original).flatMap { $0.readableBytes < original.readableBytes ? $0 : nil }
        // Two first requests may both compress; the second store is the same bytes.
        entries.withLock { $0[path] = Entry(tag: tag, body: compressed) }
        return compressed
    }
}

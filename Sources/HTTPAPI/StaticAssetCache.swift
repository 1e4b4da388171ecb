import NIOCore
import Synchronization

/// What the server sends for each web UI file whose type is text: the minified bytes
/// (`WebAssetMinifier`), their gzip form and a validator made from those bytes. Made on the
/// first request for the file and kept until the file changes on disk, so a file is minified
/// and compressed once per version rather than once per request.
final class StaticAssetCache: Sendable {
    struct Asset: Sendable {
        /// The file's size and modification time when it was read.
        let source: String
        /// A validator of the bytes sent: a new minifier or a new file makes a new one.
        let tag: String
        let plain: ByteBuffer
        /// Nil when gzip does not make it smaller.
        let gzip: ByteBuffer?
    }

    private let entries = Mutex<[String: Asset]>([:])

    /// Types worth minifying and compressing; images and fonts are compressed already.
    static func isText(contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/manifest+json") || contentType.hasPrefix("image/svg")
    }

    /// The asset of `path` at version `source`, made from `read()` when not cached yet; nil
    /// when the file cannot be read.
    func asset(path: String, source: String, contentType: String, read: () -> [UInt8]?) -> Asset? {
        if let entry = entries.withLock({ $0[path] }), entry.source == source { return entry }
        guard let original = read() else { return nil }
        let minified = WebAssetMinifier.minify(original, contentType: contentType)
        let plain = ByteBuffer(bytes: minified)
        let compressed = Gzip.compress(plain, level: Gzip.bestLevel).flatMap { $0.readableBytes < plain.readableBytes ? $0 : nil }
        let asset = Asset(source: source, tag: Self.tag(of: minified), plain: plain, gzip: compressed)
        // Two first requests may both build it; the second store is the same bytes.
        entries.withLock { $0[path] = asset }
        return asset
    }

    /// FNV-1a over the bytes, with their count: the same bytes get the same validator across
    /// restarts and replicas.
    static func tag(of bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(bytes.count, radix: 16) + "-" + String(hash, radix: 16)
    }
}

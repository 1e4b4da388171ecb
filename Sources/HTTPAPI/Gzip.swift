import CZlib
import Foundation
import NIOCore

/// gzip bodies, and whether a client takes them. No brotli: no maintained Swift package for it
/// is in the package copy this project builds from.
enum Gzip {
    /// zlib's default level: the larger levels cost much more time for a few percent.
    static let level: Int32 = 6
    /// For what is compressed once and sent many times (the web UI's files).
    static let bestLevel: Int32 = 9

    /// The gzip form of `input`, or nil when zlib fails (the caller then sends it as it is).
    static func compress(_ input: ByteBuffer, level: Int32 = Gzip.level) -> ByteBuffer? {
        guard input.readableBytes > 0 else { return nil }
        var stream = z_stream()
        guard hangar_gzip_deflate_init(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.readableBytes)))
        var output = ByteBufferAllocator().buffer(capacity: bound)
        var status = Z_STREAM_ERROR
        input.withUnsafeReadableBytes { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = UInt32(source.count)
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                stream.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(target.count)
                status = deflate(&stream, Z_FINISH)
                return status == Z_STREAM_END ? target.count - Int(stream.avail_out) : 0
            }
        }
        return status == Z_STREAM_END ? output : nil
    }

    /// Whether `Accept-Encoding` allows gzip: named (or `x-gzip`) with a q above 0, or left to
    /// `*` with a q above 0. An explicit `gzip;q=0` wins over `*`.
    static func isAccepted(_ acceptEncoding: [String]) -> Bool {
        var gzip: Double?
        var any: Double?
        for item in acceptEncoding.flatMap({ $0.split(separator: ",") }) {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = parts.first else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if name == "gzip" || name == "x-gzip" {
                gzip = max(gzip ?? 0, quality)
            } else if name == "*" {
                any = quality
            }
        }
        return (gzip ?? any ?? 0) > 0
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// gzips the API's JSON answers when the client accepts it. Only bodies of a known length
/// between `minimumSize` and `maximumSize` are touched, so an event stream (no length, and not
/// JSON) always goes out unbuffered as it is written. The gateway's `/v1` answers are left as
/// the upstream gave them: their speed is what the gateway is measured on. The web UI's files
/// are compressed by `StaticFiles`, once per file version.
struct JSONCompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Below this, gzip's header and the CPU time are not worth it.
    static var minimumSize: Int { 1024 }
    /// Above this the body would be held whole in memory twice; larger answers go as they are.
    static var maximumSize: Int { 16 << 20 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard Self.isCompressible(request, response), let length = response.body.contentLength,
            (Self.minimumSize...Self.maximumSize).contains(length)
        else { return response }
        response.headers.appendVary(.acceptEncoding)
        guard Gzip.isAccepted(request.headers[values: .acceptEncoding]) else { return response }
        let collector = BodyCollector(capacity: length)
        try await response.body.write(collector)
        guard let compressed = Gzip.compress(collector.box.buffer), compressed.readableBytes < length else {
            response.body = .init(byteBuffer: collector.box.buffer)
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = String(compressed.readableBytes)
        response.body = .init(byteBuffer: compressed)
        return response
    }

    static func isCompressible(_ request: Request, _ response: Response) -> Bool {
        guard request.method != .head, response.headers[.contentEncoding] == nil, !request.uri.path.hasPrefix("/v1/"),
            let type = response.headers[.contentType]
        else { return false }
        let mediaType = type.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        return mediaType == "application/json"
    }
}

extension HTTPFields {
    /// Adds `name` to `Vary` unless it is there already.
    mutating func appendVary(_ name: HTTPField.Name) {
        let present = self[values: .vary].flatMap { $0.split(separator: ",") }.contains {
            $0.trimmingCharacters(in: .whitespaces).lowercased() == name.canonicalName
        }
        if !present { self.append(HTTPField(name: .vary, value: name.rawName)) }
    }
}

/// Gathers a response body that is known to be small enough to hold.
private struct BodyCollector: ResponseBodyWriter {
    final class Box {
        var buffer: ByteBuffer
        init(capacity: Int) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }
    }
    let box: Box

    init(capacity: Int) { box = Box(capacity: capacity) }

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

import HangarCore
import Hummingbird
import NIOCore

/// Refuses bodies over 1 MiB with 413 before any handler reads them, whether the client
/// announced the size or streams it chunked.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maxBytes: Int { 1 << 20 }

    static var tooLarge: HangarError {
        HangarError(.payloadTooLarge, code: "payload_too_large", message: "The request body is over 1 MiB; send a smaller body.")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBytes {
            throw Self.tooLarge
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: Self.maxBytes)
            request.body = .init(buffer: buffer)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge
        }
        return try await next(request, context)
    }
}

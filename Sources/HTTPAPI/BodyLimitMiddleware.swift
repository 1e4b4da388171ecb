import Foundation
import HangarCore
import Hummingbird
import NIOCore

/// Refuses bodies over 1 MiB (32 MiB on the gateway, whose chat requests may carry images;
/// 16 MiB for a price file)
/// with 413 before any handler reads them, whether the client announced the size or streams it
/// chunked; and JSON bodies that repeat a key with 400.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maxBytes: Int { 1 << 20 }
    static var gatewayMaxBytes: Int { 32 << 20 }

    /// A whole LiteLLM price file (3.5 MB today) may be sent to price sync.
    static var priceSyncMaxBytes: Int { 16 << 20 }

    static var tooLarge: HangarError { tooLarge(maxBytes) }

    static func limit(path: String) -> Int {
        if path.hasPrefix("/v1/") { return gatewayMaxBytes }
        return path == "/api/catalog/price-sync" ? priceSyncMaxBytes : maxBytes
    }

    static func tooLarge(_ limit: Int) -> HangarError {
        HangarError(
            .payloadTooLarge, code: .payloadTooLarge, message: "The request body is over \(limit >> 20) MiB; send a smaller body.")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = Self.limit(path: request.uri.path)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Self.tooLarge(limit)
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            if Self.isJSON(request), let key = DuplicateKeys.first(in: buffer.readableBytesView) {
                throw HangarError(
                    .badRequest, code: .duplicateKey,
                    message: "The JSON body gives \(key) twice; send each key once.",
                    fields: [key: .invalid("This key appears more than once.")])
            }
            request.body = .init(buffer: buffer)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limit)
        }
        return try await next(request, context)
    }

    /// JSON, or no type at all (some clients leave it out for JSON).
    static func isJSON(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return true }
        return type == "application/json" || type.hasSuffix("+json")
    }
}

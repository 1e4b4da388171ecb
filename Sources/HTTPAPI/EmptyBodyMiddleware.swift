import HTTPTypes
import OpenAPIRuntime

/// Hummingbird hands every request a body, even an empty one; an operation whose body is
/// optional must see "no body" then, not an empty document that fails to decode.
struct EmptyBodyMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body else { return try await next(request, nil, metadata) }
        // BodyLimitMiddleware has already buffered the body within its route's limit, so this
        // copy is bounded by the same number.
        let limit = BodyLimitMiddleware<HangarRequestContext>.limit(path: String(request.path?.split(separator: "?").first ?? ""))
        let bytes = try await [UInt8](collecting: body, upTo: limit)
        return try await next(request, bytes.isEmpty ? nil : HTTPBody(bytes), metadata)
    }
}

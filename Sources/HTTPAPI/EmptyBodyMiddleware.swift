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
        // BodyLimitMiddleware has already buffered at most 1 MiB, so this copy is bounded.
        let bytes = try await [UInt8](collecting: body, upTo: 1 << 20)
        return try await next(request, bytes.isEmpty ? nil : HTTPBody(bytes), metadata)
    }
}

import Catalog
import Foundation
import Gateway
import HangarCore
import Hummingbird
import Logging

/// The OpenAI-compatible gateway under `/v1`, served by hand: it authenticates application keys
/// (not the admin token) and answers errors in OpenAI's shape, which SDKs turn into their typed
/// exceptions.
struct GatewayRoutes {
    let keys: KeyService
    let catalog: CatalogService

    func register(on router: Router<HangarRequestContext>) {
        router.get("/v1/models") { request, context in
            await respond(context: context) {
                let key = try await authenticate(request)
                return try await GatewayModelList.models(for: key, catalog: catalog)
            }
        }
    }

    private func authenticate(_ request: Request) async throws -> APIKey {
        guard let secret = AuthMiddleware.bearerToken(request), let key = try await keys.authenticate(secret) else {
            throw OpenAIError.invalidKey
        }
        return key
    }

    /// The body as JSON, or the error in OpenAI's shape: nothing thrown here reaches Hangar's
    /// own error middleware, whose body SDKs would not understand.
    private func respond(context: HangarRequestContext, _ body: () async throws -> some Encodable) async -> Response {
        do {
            return Self.json(200, try await body())
        } catch let error as OpenAIError {
            return Self.json(error.status, error, retryAfter: error.retryAfterSeconds)
        } catch let error as HangarError {
            let openAI = OpenAIError(error)
            return Self.json(openAI.status, openAI, retryAfter: openAI.retryAfterSeconds)
        } catch {
            context.logger.error("gateway request failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            let internalError = OpenAIError(
                status: 500, message: "Hangar failed to answer; the server log has the details. Try again.", type: "api_error",
                code: "internal_error")
            return Self.json(500, internalError)
        }
    }

    private static func json(_ status: Int, _ value: some Encodable, retryAfter: Int? = nil) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

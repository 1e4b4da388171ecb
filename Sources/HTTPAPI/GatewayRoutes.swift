import Foundation
import Gateway
import HTTPTypes
import HangarCore
import Hummingbird
import Logging
import NIOCore
import Providers

/// The OpenAI-compatible gateway under `/v1`, served by hand: it authenticates application keys
/// (not the admin token) and answers errors in OpenAI's shape, which SDKs turn into their typed
/// exceptions.
struct GatewayRoutes {
    let gateway: GatewayService

    func register(on router: Router<HangarRequestContext>) {
        router.get("/v1/models") { request, context in
            await respond(context: context) {
                let key = try await gateway.authenticate(AuthMiddleware.bearerToken(request))
                return Self.json(200, try await gateway.models(for: key))
            }
        }
        router.post("/v1/chat/completions") { request, context in
            await relay(.chatCompletions, request, context: context)
        }
        router.post("/v1/embeddings") { request, context in
            await relay(.embeddings, request, context: context)
        }
    }

    private func relay(_ operation: RelayOperation, _ request: Request, context: HangarRequestContext) async -> Response {
        await respond(context: context) {
            let key = try await gateway.authenticate(AuthMiddleware.bearerToken(request))
            // The body limit middleware has already read the body into one buffer.
            var request = request
            let buffer = try await request.collectBody(upTo: Int.max)
            let outcome = try await gateway.call(operation, body: Array(buffer.readableBytesView), key: key)
            switch outcome {
            case .answer(let status, let headers, let body):
                return Response(
                    status: .init(code: status), headers: Self.fields(headers),
                    body: .init(byteBuffer: ByteBuffer(bytes: body)))
            case .stream(let headers, let stream):
                return Self.streaming(stream, headers: headers, channel: context.channel)
            }
        }
    }

    /// Relays the stream until it ends or the client's connection closes (the stream stops its
    /// upstream then).
    static func streaming(_ stream: GatewayStream, headers: [(String, String)], channel: any Channel) -> Response {
        var fields = Self.fields(headers)
        fields[.cacheControl] = "no-cache"
        fields[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return Response(
            status: .ok, headers: fields,
            body: .init { writer in
                let writes = WriterBox(writer)
                await stream.relay({ bytes in try await writes.write(bytes) }) { onLeave in
                    ConnectionCloseHooks.shared.watch(channel, onLeave)
                }
                try await writer.finish(nil)
            })
    }

    /// The body as JSON, or the error in OpenAI's shape: nothing thrown here reaches Hangar's
    /// own error middleware, whose body SDKs would not understand.
    private func respond(context: HangarRequestContext, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
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

    private static func fields(_ headers: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return fields
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

/// Lets the relay's task write to the response: Hummingbird hands the writer to the body
/// closure only, which waits while the relay's one task writes.
private final class WriterBox: @unchecked Sendable {
    private var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    func write(_ bytes: [UInt8]) async throws {
        try await writer.write(ByteBuffer(bytes: bytes))
    }
}

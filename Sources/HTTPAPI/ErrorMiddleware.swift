import Foundation
import GraphQLAPI
import HTTPTypes
import HangarCore
import Hummingbird
import Logging
import OpenAPIRuntime
import Storage

/// Catches every error below it and answers with the shared error body. Decoding problems
/// become 400 with the offending field; unknown routes 404, known paths with another method
/// 405; anything unexpected is logged and answered as a 500 without internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return response(for: error, request: request, context: context)
        }
    }

    func response(for error: any Error, request: Request, context: Context) -> Response {
        if let hangar = error as? HangarError {
            var headers: HTTPFields = [:]
            if hangar.kind == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="hangar""# }
            // GraphQL clients read only GraphQL's `{errors}`.
            if request.uri.path == GraphQLRoutes.path, let body = try? GraphQLService.errorBody(hangar) {
                headers[.contentType] = "application/json"
                if let seconds = hangar.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
                return Response(
                    status: ErrorBody.status(for: hangar.kind), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
            return ErrorBody.response(hangar, headers: headers)
        }
        if let server = error as? ServerError {
            return response(for: server.underlyingError, request: request, context: context, operation: server.operationID)
        }
        return response(for: error, request: request, context: context, operation: nil)
    }

    private func response(for error: any Error, request: Request, context: Context, operation: String?) -> Response {
        if let hangar = error as? HangarError { return response(for: hangar, request: request, context: context) }
        if let decoding = error as? DecodingError { return ErrorBody.response(DecodingProblem.describe(decoding)) }
        if case StorageError.unavailable(let reason) = error {
            context.logger.error("database unavailable", metadata: ["reason": "\(reason)"])
            return ErrorBody.response(
                HangarError(
                    .unavailable, code: .databaseUnavailable,
                    message:
                        "Hangar cannot reach its database right now; check that PostgreSQL is up and DATABASE_URL is right, then retry."))
        }
        if let http = error as? HTTPError {
            return httpErrorResponse(http, request: request)
        }
        if operation != nil, error is any HTTPResponseConvertible {
            // The OpenAPI runtime's own errors (a parameter, header or content type it cannot
            // read) are the only ones that say how to answer; handlers throw HangarError.
            return ErrorBody.response(HangarError.badRequest("The request does not match the API: \(Self.describe(error))"))
        }
        if error is CancellationError {
            return ErrorBody.response(
                HangarError(.unavailable, code: .shuttingDown, message: "The server is shutting down; retry in a moment."))
        }
        context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
        return ErrorBody.response(
            HangarError(
                .internal, code: .internalError,
                message:
                    "Hangar could not complete the request; retry, and check the server log (request id in X-Request-Id) if it keeps failing."
            ))
    }

    private func httpErrorResponse(_ error: HTTPError, request: Request) -> Response {
        switch error.status {
        case .notFound:
            let allowed = routes.methods(for: request.uri.path)
            if !allowed.isEmpty, !allowed.contains(request.method) {
                var headers: HTTPFields = [:]
                headers[.allow] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
                return ErrorBody.response(
                    HangarError(
                        .methodNotAllowed, code: .methodNotAllowed,
                        message: "\(request.method) is not supported here; use \(headers[.allow] ?? "another method")."),
                    headers: headers)
            }
            return ErrorBody.response(
                HangarError(
                    .notFound, code: .notFound, message: "No such route: \(request.uri.path). The API is described at /openapi.json."))
        case .contentTooLarge:
            return ErrorBody.response(BodyLimitMiddleware<Context>.tooLarge)
        default:
            // Hummingbird already chose the status (a malformed request line, a missing length…):
            // the body takes the shared shape and the status stays Hummingbird's.
            var response = ErrorBody.response(
                HangarError(.badRequest, code: .badRequest, message: error.body ?? "The request could not be read."))
            response.status = error.status
            return response
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}

/// Explains a JSON decoding failure in terms of the request's fields.
enum DecodingProblem {
    static func describe(_ error: DecodingError) -> HangarError {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let name = field(context.codingPath.last?.stringValue == key.stringValue ? context.codingPath : context.codingPath + [key])
            return .badRequest("The field \(name) is required.", fields: [name: .required("This field is required.")])
        case .valueNotFound(_, let context):
            let name = field(context.codingPath)
            return .badRequest("The field \(name) must not be null.", fields: [name: .invalid("This field must not be null.")])
        case .typeMismatch(let type, let context):
            let name = field(context.codingPath)
            let expected = Self.typeName(type)
            if name.isEmpty { return .badRequest("The body must be a JSON object.") }
            return .badRequest("The field \(name) must be \(expected).", fields: [name: .invalid("Must be \(expected).")])
        case .dataCorrupted(let context):
            let name = field(context.codingPath)
            if name.isEmpty { return .badRequest("The body is not valid JSON; send a JSON object.") }
            let reason: FieldError =
                context.debugDescription == "is not a known field"
                ? .notAllowed("This field is not known; check its spelling.") : .invalid("This value is not valid.")
            return .badRequest("The field \(name) is not valid: \(context.debugDescription).", fields: [name: reason])
        @unknown default:
            return .badRequest("The body could not be read.")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a value of another type"
        }
    }
}

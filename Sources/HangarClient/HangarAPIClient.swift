import AsyncHTTPClient
import Foundation
import HTTPTypes
import HangarOpenAPI
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime

/// A non-2xx answer from Hangar, with the shared error body decoded.
public struct APIFailure: Error, Sendable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String
    /// The sentence for each field the server blamed.
    public let fields: [String: String]

    public init(status: Int, code: String, message: String, fields: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
    }

    public var description: String { message }
}

/// The server could not be reached at all.
public struct ConnectionFailure: Error, Sendable, CustomStringConvertible {
    public let url: String
    public let reason: String
    public var description: String {
        "Cannot reach Hangar at \(url) (\(reason)). Is `hangar serve` running? Set HANGAR_URL if it listens elsewhere."
    }
}

/// Builds the generated client with the admin token and error decoding in place.
public enum HangarAPIClient {
    /// Runs `body` with a client whose HTTP connections are closed afterwards. A refused
    /// connection fails at once instead of being retried until the request deadline.
    public static func withClient<T: Sendable>(url: String, token: String?, _ body: (Client) async throws -> T) async throws -> T {
        guard let serverURL = URL(string: url), serverURL.scheme != nil else {
            throw ConnectionFailure(url: url, reason: "not a URL")
        }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let client = Client(
            serverURL: serverURL,
            transport: AsyncHTTPClientTransport(configuration: .init(client: http, timeout: .seconds(60))),
            middlewares: [AuthorizationMiddleware(token: token), FailureMiddleware()])
        do {
            let result = try await body(client)
            try? await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// Unwraps the generated client's error wrapper into APIFailure or ConnectionFailure.
    public static func unwrap(_ error: any Error, url: String) -> any Error {
        guard let clientError = error as? ClientError else { return error }
        if let failure = clientError.underlyingError as? APIFailure { return failure }
        if clientError.response == nil {
            return ConnectionFailure(url: url, reason: String(describing: clientError.underlyingError).prefix(120).description)
        }
        return clientError.underlyingError
    }
}

struct AuthorizationMiddleware: ClientMiddleware {
    let token: String?

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        if let token { request.headerFields[.authorization] = "Bearer \(token)" }
        return try await next(request, body, baseURL)
    }
}

/// Turns every 4xx/5xx into APIFailure before the generated code sees it, so callers only
/// handle the success case.
struct FailureMiddleware: ClientMiddleware {
    struct Envelope: Decodable {
        struct Inner: Decodable {
            let code: String
            let message: String
            let fields: [String: Field]?
        }
        /// A field's code is read as a string: a newer server may send codes this client lacks.
        struct Field: Decodable {
            let code: String
            let message: String
        }
        let error: Inner
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, responseBody) = try await next(request, body, baseURL)
        guard response.status.code >= 400 else { return (response, responseBody) }
        var data = Data()
        if let responseBody { data = try await Data(collecting: responseBody, upTo: 1 << 20) }
        throw Self.failure(status: response.status.code, body: data)
    }

    /// The shared error body of a 4xx/5xx answer, or a generic failure naming the status.
    static func failure(status: Int, body: Data) -> APIFailure {
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: body) {
            return APIFailure(
                status: status, code: envelope.error.code, message: envelope.error.message,
                fields: (envelope.error.fields ?? [:]).mapValues(\.message))
        }
        return APIFailure(status: status, code: "http_\(status)", message: "Hangar answered HTTP \(status).", fields: [:])
    }
}

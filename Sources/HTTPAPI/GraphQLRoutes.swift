import Foundation
import GraphQLAPI
import HTTPTypes
import HangarCore
import Hummingbird
import NIOCore

/// `/graphql` (POST, and GET for queries). The admin token or a session may do everything;
/// another bearer secret must be an application key with `catalog:read`, which may only read.
/// Every answer, errors included, is GraphQL's `{data, errors}`, which GraphQL clients read
/// (ErrorMiddleware shapes a refusal so on this path).
struct GraphQLRoutes {
    static let path = "/graphql"
    let graphql: GraphQLService
    let adminToken: String

    func register(on router: Router<HangarRequestContext>) {
        router.post(RouterPath(Self.path)) { request, _ in try await respond(to: request) }
        router.get(RouterPath(Self.path)) { request, _ in try await respond(to: request) }
    }

    private func respond(to request: Request) async throws -> Response {
        let caller = try await caller(of: request)
        let query: GraphQLRequest
        if request.method == .get {
            query = try GraphQLRequest(parameters: Self.formParameters(request.uri.query ?? ""))
        } else {
            // The body limit middleware has already read the body into one buffer.
            let body = try await request.body.collect(upTo: .max)
            query = try GraphQLRequest(json: Data(buffer: body))
        }
        let answer = try await graphql.respond(to: query, caller: caller)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let allow = answer.allow { headers[.allow] = allow }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// A query string as forms and HTTP clients encode it, `+` for a space included
    /// (`curl -G --data-urlencode`, Python's `urlencode`).
    static func formParameters(_ query: String) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            if parameters[name] == nil { parameters[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return parameters
    }

    /// AuthMiddleware has checked the admin token or the session; any other bearer secret
    /// reaches here to be checked as an application key.
    private func caller(of request: Request) async throws -> GraphQLCaller {
        guard let secret = AuthMiddleware.bearerToken(request), !ConstantTime.equals(secret, adminToken) else { return .admin }
        return try await graphql.caller(forKey: secret)
    }
}

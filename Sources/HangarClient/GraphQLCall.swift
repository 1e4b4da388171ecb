import AsyncHTTPClient
import Foundation
import NIOCore

/// One `POST /graphql`, answered as the server sent it: GraphQL's `{data, errors}`, which
/// scripts read as it is.
public enum GraphQLCall {
    public static func post(
        url: String, token: String?, query: String, variables: [String: Any]?, operationName: String?
    ) async throws -> (status: Int, body: Data) {
        guard let base = URL(string: url), base.scheme != nil else { throw ConnectionFailure(url: url, reason: "not a URL") }
        var payload: [String: Any] = ["query": query]
        if let variables { payload["variables"] = variables }
        if let operationName { payload["operationName"] = operationName }
        var request = HTTPClientRequest(url: base.appendingPathComponent("graphql").absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: payload)))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
            return (Int(response.status.code), Data(body.readableBytesView))
        } catch {
            throw ConnectionFailure(url: url, reason: String(describing: error).prefix(120).description)
        }
    }
}

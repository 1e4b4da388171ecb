import Foundation
import GraphQL
import HangarCore

/// One GraphQL request over HTTP: a POST's JSON body, or a GET's query string (queries only).
public struct GraphQLRequest: Sendable {
    public var query: String
    public var variables: [String: Map]
    public var operationName: String?
    /// A GET may only read.
    public var isGet: Bool

    public init(query: String, variables: [String: Map] = [:], operationName: String? = nil, isGet: Bool = false) {
        self.query = query
        self.variables = variables
        self.operationName = operationName
        self.isGet = isGet
    }

    private struct Body: Decodable {
        var query: String
        var variables: [String: Map]?
        var operationName: String?
    }

    static let shape = "Send a JSON object with a 'query' string, and optionally 'variables' (an object) and 'operationName'."

    /// A POST body (`application/json`).
    public init(json: Data) throws {
        guard let body = try? JSONDecoder().decode(Body.self, from: json) else { throw HangarError.badRequest(Self.shape) }
        self.init(query: body.query, variables: body.variables ?? [:], operationName: body.operationName)
    }

    /// A GET's parameters: `query`, `variables` (JSON) and `operationName`.
    public init(parameters: [String: String]) throws {
        guard let query = parameters["query"], !query.isEmpty else {
            throw HangarError.badRequest("Send the query as the 'query' parameter (GET), or POST it as JSON.")
        }
        var variables: [String: Map] = [:]
        if let text = parameters["variables"], !text.isEmpty {
            guard let decoded = try? JSONDecoder().decode([String: Map].self, from: Data(text.utf8)) else {
                throw HangarError.badRequest("The 'variables' parameter must be a JSON object.")
            }
            variables = decoded
        }
        self.init(query: query, variables: variables, operationName: parameters["operationName"], isGet: true)
    }
}

/// What the HTTP layer sends back: GraphQL's `{data, errors}` with its status.
public struct GraphQLAnswer: Sendable {
    public var status: Int
    public var body: Data
    /// Set on a GET that asked for a mutation (`Allow: POST`).
    public var allow: String?
}

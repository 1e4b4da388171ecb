import Catalog
import Foundation
import GraphQL
import Graphiti
import HangarCore

/// The catalog as a GraphQL schema, for applications that speak GraphQL rather than REST.
public struct CatalogGraphQL: Sendable {
    let resolver: CatalogResolver
    let schema: Schema<CatalogResolver, GraphQLCaller>

    public init(catalog: CatalogService) throws {
        resolver = CatalogResolver(catalog: catalog)
        schema = try Self.makeSchema()
    }

    /// The schema in SDL, as introspection shows it; it needs no database.
    public static func sdl() throws -> String { printSchema(schema: try makeSchema().schema) }

    /// Runs one request. Errors of the request itself (syntax, validation, a failing field)
    /// come back in `errors` as GraphQL specifies; only a body that is no GraphQL request throws.
    public func respond(to body: Data, caller: GraphQLCaller = GraphQLCaller()) async throws -> Data {
        let request: GraphQLRequest
        do {
            request = try JSONDecoder().decode(GraphQLRequest.self, from: body)
        } catch {
            throw HangarError.badRequest(
                "Send a JSON object with a 'query' string, and optionally 'variables' (an object) and 'operationName'.")
        }
        var result: GraphQLResult
        do {
            result = try await schema.execute(
                request: request.query, resolver: resolver, context: caller, variables: request.variables,
                operationName: request.operationName)
        } catch let error as GraphQLError {
            // The parser throws a syntax error where validation errors come back in the result;
            // clients expect both in `errors`.
            result = GraphQLResult(errors: [error])
        }
        result.errors = result.errors.map(Self.withCode)
        return try GraphQLJSONEncoder().encode(result)
    }

    /// A catalog error keeps its REST code and field problems under `extensions`.
    static func withCode(_ error: GraphQLError) -> GraphQLError {
        guard let hangar = error.originalError as? HangarError else { return error }
        var extensions: [String: Map] = ["code": .string(hangar.code.rawValue)]
        if !hangar.fields.isEmpty, let fields = try? MapEncoder().encode(hangar.fields) {
            extensions["fields"] = fields
        }
        return GraphQLError(message: hangar.message, locations: error.locations, path: error.path, extensions: extensions)
    }
}

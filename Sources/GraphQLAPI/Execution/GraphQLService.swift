import Catalog
import Foundation
import Gateway
import Governance
import GraphQL
import Graphiti
import HangarCore
import LocalModels

/// `/graphql`: the catalog, settings and usage for applications that speak GraphQL, through
/// the services REST uses.
public struct GraphQLService: Sendable {
    let resolver: GraphQLResolver
    let schema: Schema<GraphQLResolver, GraphQLContext>
    let limits: QueryLimits
    let kept = SnapshotAnswers()

    public init(
        catalog: CatalogService, downloads: DownloadService, settings: SettingsService, usage: UsageReporter, gateway: GatewayService
    ) throws {
        resolver = GraphQLResolver(catalog: catalog, downloads: downloads, settings: settings, usage: usage, gateway: gateway)
        schema = try CatalogOperations.schema()
        limits = QueryLimits()
        let problems = validateSchema(schema: schema.schema)
        if let problem = problems.first { throw problem }
    }

    /// The schema in SDL, as introspection shows it; it needs no database.
    public static func sdl() throws -> String { printSchema(schema: try CatalogOperations.schema().schema) }

    /// Who a bearer secret that is not the admin token belongs to: a key with `catalog:read`.
    public func caller(forKey secret: String) async throws -> GraphQLCaller {
        guard let key = try await resolver.gateway.keys.authenticate(secret) else {
            throw HangarError(
                .unauthorized, code: .unauthorized,
                message:
                    "This key is not valid (unknown, revoked or expired); send the admin token or an application key with catalog:read.")
        }
        guard key.scopes.contains(.catalogRead) else { throw GraphQLCaller.noCatalogScope }
        return .key(key)
    }

    /// Runs one request. Errors of the request itself (syntax, validation, limits, a failing
    /// field) come back in `errors` with status 200, as GraphQL over HTTP specifies.
    public func respond(to request: GraphQLRequest, caller: GraphQLCaller) async throws -> GraphQLAnswer {
        let document: Document
        do {
            document = try parse(source: Source(body: request.query, name: "GraphQL request"))
        } catch let error as GraphQLError {
            return try Self.answer(GraphQLResult(errors: [GraphQLErrors.withCode(error)]))
        }
        let invalid = validate(schema: schema.schema, ast: document)
        guard invalid.isEmpty else { return try Self.answer(GraphQLResult(errors: invalid.map(GraphQLErrors.withCode))) }
        let operation = Self.operation(in: document, named: request.operationName)
        if let operation {
            if operation.operation != .query, request.isGet {
                let refusal = HangarError(
                    .methodNotAllowed, code: .methodNotAllowed, message: "A GET may only run queries; POST mutations as JSON.")
                var answer = try Self.answer(GraphQLResult(errors: [GraphQLErrors.error(refusal)]))
                answer.status = 405
                answer.allow = "POST"
                return answer
            }
            do {
                if operation.operation != .query, case .key = caller { throw GraphQLCaller.readOnly }
                try limits.check(operation, in: document, variables: request.variables)
            } catch let error as HangarError {
                return try Self.answer(GraphQLResult(errors: [GraphQLErrors.error(error)]))
            }
        }
        var keptAs: SnapshotAnswers.Key?
        if let operation, SnapshotAnswers.eligible(operation) {
            let snapshot = try await resolver.gateway.catalog.snapshot()
            let key = SnapshotAnswers.Key(
                query: request.query, operationName: request.operationName,
                variables: try Self.sortedJSON.encode(request.variables), caller: SnapshotAnswers.callerKey(caller),
                fingerprint: snapshot.fingerprint, defaults: snapshot.defaults)
            if let answer = kept.answer(for: key) { return GraphQLAnswer(status: 200, body: answer) }
            keptAs = key
        }
        // An unknown or ambiguous operation name is the executor's to report.
        let context = GraphQLContext(caller: caller, loader: CatalogLoader(catalog: resolver.catalog, caller: caller))
        var result = try await execute(
            schema: schema.schema, documentAST: document, rootValue: resolver, context: context, variableValues: request.variables,
            operationName: request.operationName)
        result.errors = result.errors.map(GraphQLErrors.withCode)
        // The change's event reaches the gateway's snapshot a moment later (through PostgreSQL
        // when replicas share it); dropping it now lets this client read its own change at once.
        if operation?.operation == .mutation { resolver.gateway.catalog.invalidate() }
        let answer = try Self.answer(result, executed: true)
        // Kept only when the snapshot did not change while the query ran.
        if let keptAs, result.errors.isEmpty, try await resolver.gateway.catalog.snapshot().fingerprint == keptAs.fingerprint {
            kept.keep(answer.body, for: keptAs)
        }
        return answer
    }

    static let sortedJSON: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static func answer(_ result: GraphQLResult, executed: Bool = false) throws -> GraphQLAnswer {
        GraphQLAnswer(status: 200, body: try GraphQLJSONEncoder().encode(GraphQLResponse(result: result, executed: executed)))
    }

    static func operation(in document: Document, named name: String?) -> OperationDefinition? {
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        guard let name else { return operations.count == 1 ? operations[0] : nil }
        return operations.first { $0.name?.value == name }
    }
}

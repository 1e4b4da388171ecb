import Catalog
import Graphiti
import HangarCore

/// Who is asking. Only the admin reaches `/graphql` for now; application keys come later.
public struct GraphQLCaller: Sendable {
    public init() {}
}

/// Reads through the same catalog service, and so the same rules and errors, as REST.
struct CatalogResolver: Sendable {
    let catalog: CatalogService

    func llmProviders(context: GraphQLCaller, arguments: NoArguments) async throws -> [LlmProvider] {
        try await catalog.providers().map(LlmProvider.init)
    }

    func llmModel(context: GraphQLCaller, arguments: ModelArguments) async throws -> LlmModel? {
        LlmModel(try await catalog.model(id: arguments.id))
    }

    func llmModels(context: GraphQLCaller, arguments: ModelPageArguments) async throws -> LlmModelConnection {
        let query = try Self.pageQuery(arguments)
        let page = try await catalog.listModels(query)
        return LlmModelConnection(
            nodes: page.items.map(LlmModel.init),
            pageInfo: ModelPageInfo(endCursor: page.items.last.map(PageCursor.encode(after:)), hasNextPage: page.nextCursor != nil),
            totalCount: page.total)
    }

    /// REST's limits and cursor rules, named after GraphQL's arguments.
    static func pageQuery(_ arguments: ModelPageArguments) throws -> ModelListQuery {
        let first = arguments.first ?? ModelListQuery.defaultLimit
        if let problem = FieldError.outside(
            first, 1...ModelListQuery.maxLimit, "first must be between 1 and \(ModelListQuery.maxLimit).")
        {
            throw HangarError.validation(["first": problem])
        }
        var query = ModelListQuery(limit: first)
        if let after = arguments.after {
            guard !after.isEmpty, after.utf8.count <= 2048 else {
                throw HangarError.validation(["after": .invalid("after must be 1 to 2048 characters.")])
            }
            do {
                query.after = try PageCursor.decode(after)
            } catch var error as HangarError {
                error.fields = ["after": .invalid("Use pageInfo.endCursor of the previous page.")]
                throw error
            }
        }
        return query
    }
}

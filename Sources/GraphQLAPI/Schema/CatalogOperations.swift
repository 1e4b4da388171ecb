import GraphQL
import Graphiti

/// The inputs, queries and mutations: seed 003's names, with REST's rules behind them.
enum CatalogOperations {
    typealias Component = Graphiti.Component<GraphQLResolver, GraphQLContext>

    @TypeComponentBuilder<GraphQLResolver, GraphQLContext>
    static var inputs: [TypeComponent<GraphQLResolver, GraphQLContext>] {
        Input(LlmModelFilter.self) {
            InputField("providerId", at: \.providerId)
            InputField("kind", at: \.kind)
            InputField("providerKind", at: \.providerKind)
            InputField("status", at: \.status)
            InputField("text", at: \.text).description("Words in the name, API name or connection, as REST's `q`.")
        }
        Input(CreateLlmModelInput.self) {
            InputField("providerId", at: \.providerId)
            InputField("name", at: \.name)
            InputField("apiName", at: \.apiName)
            InputField("contextWindow", at: \.contextWindow)
            InputField("maxOutputTokens", at: \.maxOutputTokens)
            InputField("temperatureDefault", at: \.temperatureDefault)
            InputField("costInputPerMillion", at: \.costInputPerMillion)
            InputField("costOutputPerMillion", at: \.costOutputPerMillion)
            InputField("hfRepo", at: \.hfRepo)
            InputField("hfRevision", at: \.hfRevision)
            InputField("modelFile", at: \.modelFile)
            InputField("hfToken", at: \.hfToken).description("Stored encrypted; never returned.")
            InputField("downloadNow", at: \.downloadNow).description("Local models: start the download at once.")
        }
        Input(UpdateLlmModelInput.self) {
            InputField("name", at: \.name)
            InputField("apiName", at: \.apiName)
            InputField("contextWindow", at: \.contextWindow)
            InputField("maxOutputTokens", at: \.maxOutputTokens)
            InputField("temperatureDefault", at: \.temperatureDefault)
            InputField("costInputPerMillion", at: \.costInputPerMillionField).description("null clears the price.")
            InputField("costOutputPerMillion", at: \.costOutputPerMillionField).description("null clears the price.")
            InputField("replacementModelId", at: \.replacementModelIdField).description("Deprecated models only; null clears it.")
            InputField("hfRepo", at: \.hfRepo)
            InputField("hfRevision", at: \.hfRevision)
            InputField("modelFile", at: \.modelFile)
            InputField("hfToken", at: \.hfTokenField).description("Replaces the stored token; null removes it.")
        }
    }

    static var query: Component {
        Query {
            Field("llmProviders", at: GraphQLResolver.llmProviders)
            Field("llmModel", at: GraphQLResolver.llmModel) {
                Argument("id", at: \.id)
            }
            Field("llmModels", at: GraphQLResolver.llmModels) {
                Argument("filter", at: \.filter)
                Argument("first", at: \.first).description("Page size, 1 to 1,000 (default 50).")
                Argument("after", at: \.after).description("The previous page's pageInfo.endCursor.")
            }
            Field("availableModels", at: GraphQLResolver.availableModels) {
                Argument("purpose", at: \.purpose)
            }.description("Active models of enabled connections that the caller may call; defaults first.")
            Field("systemSettings", at: GraphQLResolver.systemSettings)
            Field("usage", at: GraphQLResolver.usage) {
                Argument("from", at: \.from).description("First day, YYYY-MM-DD (default: 29 days before to).")
                Argument("to", at: \.to).description("Last day, YYYY-MM-DD (default: today, UTC).")
                Argument("modelId", at: \.modelId)
                Argument("providerId", at: \.providerId)
            }
        }
    }

    static var mutation: Component {
        Mutation {
            Field("createLlmModel", at: GraphQLResolver.createLlmModel) {
                Argument("input", at: \.input)
            }
            Field("updateLlmModel", at: GraphQLResolver.updateLlmModel) {
                Argument("id", at: \.id)
                Argument("input", at: \.input)
            }
            Field("deprecateLlmModel", at: GraphQLResolver.deprecateLlmModel) {
                Argument("id", at: \.id)
                Argument("replacementId", at: \.replacementId)
            }
            Field("restoreLlmModel", at: GraphQLResolver.restoreLlmModel) {
                Argument("id", at: \.id)
            }
            Field("setDefaultModel", at: GraphQLResolver.setDefaultModel) {
                Argument("id", at: \.id)
                Argument("purpose", at: \.purpose).description("Omit to make it its connection's default.")
            }
            Field("deleteLlmModel", at: GraphQLResolver.deleteLlmModel) {
                Argument("id", at: \.id)
                Argument("deleteLocalFile", at: \.deleteLocalFile).description("Local models: delete the file too.")
            }
            Field("updateSystemSetting", at: GraphQLResolver.updateSystemSetting) {
                Argument("key", at: \.key)
                Argument("value", at: \.value)
            }
        }
    }

    /// The whole schema, in the order its SDL lists it.
    static func schema() throws -> Schema<GraphQLResolver, GraphQLContext> {
        var components: [Component] = CatalogTypes.scalarsAndEnums
        components += CatalogTypes.catalog as [Component]
        components += CatalogTypes.usage as [Component]
        components += inputs as [Component]
        components += [query, mutation]
        return try Schema<GraphQLResolver, GraphQLContext> { () -> [Component] in return components }
    }
}

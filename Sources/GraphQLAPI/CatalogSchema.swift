import Graphiti

extension CatalogGraphQL {
    static func makeSchema() throws -> Schema<CatalogResolver, GraphQLCaller> {
        try Schema<CatalogResolver, GraphQLCaller> {
            Type(LlmProviderLimits.self) {
                Field("requestsPerMinute", at: \.requestsPerMinute)
                Field("tokensPerMinute", at: \.tokensPerMinute)
                Field("maxParallel", at: \.maxParallel)
            }
            Type(LlmProvider.self) {
                Field("id", at: \.id)
                Field("name", at: \.name)
                Field("kind", at: \.kind)
                Field("baseUrl", at: \.baseUrl)
                Field("enabled", at: \.enabled)
                Field("apiKeyConfigured", at: \.apiKeyConfigured)
                Field("limits", at: \.limits)
                Field("defaultModelId", at: \.defaultModelId)
            }
            Type(LlmModel.self) {
                Field("id", at: \.id)
                Field("name", at: \.name)
                Field("apiName", at: \.apiName)
                Field("kind", at: \.kind)
                Field("status", at: \.status)
                Field("providerId", at: \.providerId)
                Field("contextWindow", at: \.contextWindow)
                Field("maxOutputTokens", at: \.maxOutputTokens)
                Field("temperatureDefault", at: \.temperatureDefault)
                Field("isBuiltin", at: \.isBuiltin)
                Field("replacementModelId", at: \.replacementModelId)
                Field("costInputPerMillion", at: \.costInputPerMillion)
                Field("costOutputPerMillion", at: \.costOutputPerMillion)
                Field("lastUsedAt", at: \.lastUsedAt)
                Field("downloaded", at: \.downloaded)
                Field("downloadStatus", at: \.downloadStatus)
            }
            Type(ModelPageInfo.self, as: "PageInfo") {
                Field("endCursor", at: \.endCursor)
                Field("hasNextPage", at: \.hasNextPage)
            }
            Type(LlmModelConnection.self) {
                Field("nodes", at: \.nodes)
                Field("pageInfo", at: \.pageInfo)
                Field("totalCount", at: \.totalCount)
            }
            Query {
                Field("llmProviders", at: CatalogResolver.llmProviders)
                Field("llmModel", at: CatalogResolver.llmModel) {
                    Argument("id", at: \.id)
                }
                Field("llmModels", at: CatalogResolver.llmModels) {
                    Argument("first", at: \.first)
                    Argument("after", at: \.after)
                }
            }
        }
    }
}

import GraphQL
import Graphiti

/// The schema's scalars, enums and object types; the operations are in `Operations`.
enum CatalogTypes {
    typealias Component = TypeComponent<GraphQLResolver, GraphQLContext>

    @TypeComponentBuilder<GraphQLResolver, GraphQLContext>
    static var scalarsAndEnums: [Component] {
        Scalar(GraphQLID.self, as: "ID")
        Scalar(Map.self, as: "JSON").description("Any JSON value: a system setting's value, as REST's GET /api/settings shows it.")
        Enum(LlmProviderKind.self) { return LlmProviderKind.allCases.map { Value($0) } }
        Enum(LlmModelKind.self) { return LlmModelKind.allCases.map { Value($0) } }
        Enum(LlmModelStatus.self) { return LlmModelStatus.allCases.map { Value($0) } }
        Enum(LlmDownloadStatus.self) { return LlmDownloadStatus.allCases.map { Value($0) } }
        Enum(LlmModelPurpose.self, as: "ModelPurpose") { return LlmModelPurpose.allCases.map { Value($0) } }
    }

    @TypeComponentBuilder<GraphQLResolver, GraphQLContext>
    static var catalog: [Component] {
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
            Field("apiVersion", at: \.apiVersion)
            Field("enabled", at: \.enabled)
            Field("isBuiltin", at: \.isBuiltin)
            Field("apiKeyConfigured", at: \.apiKeyConfigured).description("Whether a key is stored; the key itself is never shown.")
            Field("limits", at: \.limits)
            Field("rpmLimit", at: \.rpmLimit).description("As limits.requestsPerMinute, under REST's name.")
            Field("tpmLimit", at: \.tpmLimit).description("As limits.tokensPerMinute, under REST's name.")
            Field("maxParallel", at: \.maxParallel).description("As limits.maxParallel.")
            Field("defaultModelId", at: \.defaultModelId)
            Field("defaultModel", at: LlmProvider.defaultModel)
            Field("createdAt", at: \.createdAt)
            Field("updatedAt", at: \.updatedAt)
        }
        Type(LlmModel.self) {
            Field("id", at: \.id)
            Field("name", at: \.name)
            Field("apiName", at: \.apiName)
            Field("kind", at: \.kind)
            Field("status", at: \.status)
            Field("providerId", at: \.providerId)
            Field("providerKind", at: \.providerKind)
            Field("provider", at: LlmModel.provider)
            Field("contextWindow", at: \.contextWindow)
            Field("maxOutputTokens", at: \.maxOutputTokens)
            Field("temperatureDefault", at: \.temperatureDefault)
            Field("isBuiltin", at: \.isBuiltin)
            Field("isDefault", at: \.isDefault).description("Whether this is its connection's default model.")
            Field("replacementModelId", at: \.replacementModelId)
            Field("replacement", at: LlmModel.replacement)
            Field("costInputPerMillion", at: \.costInputPerMillion)
            Field("costOutputPerMillion", at: \.costOutputPerMillion)
            Field("lastUsedAt", at: \.lastUsedAt)
            Field("hfRepo", at: \.hfRepo)
            Field("hfRevision", at: \.hfRevision)
            Field("modelFile", at: \.modelFile)
            Field("hfTokenConfigured", at: \.hfTokenConfigured)
            Field("downloaded", at: \.downloaded)
            Field("downloadStatus", at: \.downloadStatus)
            Field("downloadedAt", at: \.downloadedAt)
            Field("fileSizeBytes", at: \.fileSizeBytes)
            Field("checksum", at: \.checksum)
            Field("localPath", at: \.localPath)
            Field("gguf", at: \.gguf)
            Field("downloadError", at: \.downloadError)
            Field("deployedFrom", at: \.deployedFrom).description("The local model this Ollama model was deployed from.")
            Field("deprecationDate", at: \.deprecationDate).description("YYYY-MM-DD: the day its provider stops serving it.")
            Field("successorApiName", at: \.successorApiName).description("The successor its price data names.")
            Field("priceSource", at: \.priceSource).description("manual, litellm:snapshot, litellm:upload or litellm:<url>.")
            Field("priceSyncedAt", at: \.priceSyncedAt)
            Field("limitsGuessed", at: \.limitsGuessed).description("Discovery guessed its limits.")
            Field("createdAt", at: \.createdAt)
            Field("updatedAt", at: \.updatedAt)
        }
        Type(LlmModelGGUF.self, as: "GgufMetadata") {
            Field("architecture", at: \.architecture)
            Field("parameterCount", at: \.parameterCount)
            Field("quantization", at: \.quantization)
            Field("contextLength", at: \.contextLength)
        }
        Type(PageInfo.self) {
            Field("endCursor", at: \.endCursor).description("Pass it as `after` to read the next page.")
            Field("hasNextPage", at: \.hasNextPage)
        }
        Type(LlmModelConnection.self) {
            Field("nodes", at: \.nodes)
            Field("pageInfo", at: \.pageInfo)
            Field("totalCount", at: \.totalCount)
        }
        Type(SystemSetting.self) {
            Field("key", at: \.key)
            Field("value", at: \.value)
        }
    }

    @TypeComponentBuilder<GraphQLResolver, GraphQLContext>
    static var usage: [Component] {
        Type(UsageSummaryTotals.self, as: "UsageTotals") {
            Field("calls", at: \.calls)
            Field("inputTokens", at: \.inputTokens)
            Field("outputTokens", at: \.outputTokens)
            Field("costUsd", at: \.costUsd).description("Exact decimal, in US dollars; null when no call was priced.")
            Field("unpricedCalls", at: \.unpricedCalls)
        }
        Type(UsageSummaryDay.self, as: "UsageDay") {
            Field("day", at: \.date)
            Field("modelId", at: \.modelId)
            Field("modelName", at: \.modelName)
            Field("providerId", at: \.providerId)
            Field("totals", at: \.totals)
        }
        Type(UsageSummaryKey.self, as: "UsageByKey") {
            Field("keyId", at: \.keyId)
            Field("keyName", at: \.keyName)
            Field("keyPrefix", at: \.keyPrefix)
            Field("totals", at: \.totals)
        }
        Type(UsageSummary.self, as: "UsageReport") {
            Field("from", at: \.from)
            Field("to", at: \.to)
            Field("totals", at: \.totals)
            Field("days", at: \.days)
            Field("keys", at: \.keys)
        }
    }
}

import Catalog
import HangarCore

/// A connection as GraphQL shows it: the key is never exposed, only whether one is stored.
struct LlmProvider: Sendable {
    var id: String
    var name: String
    var kind: String
    var baseUrl: String?
    var enabled: Bool
    var apiKeyConfigured: Bool
    var limits: LlmProviderLimits
    var defaultModelId: String?

    init(_ provider: Provider) {
        id = provider.id
        name = provider.name
        kind = provider.kind.rawValue
        baseUrl = provider.baseURL
        enabled = provider.enabled
        apiKeyConfigured = provider.apiKeyConfigured
        limits = LlmProviderLimits(
            requestsPerMinute: provider.rpmLimit, tokensPerMinute: provider.tpmLimit, maxParallel: provider.maxParallel)
        defaultModelId = provider.defaultModelID
    }
}

/// A connection's limits; null means unlimited, as in REST.
struct LlmProviderLimits: Sendable {
    var requestsPerMinute: Int?
    var tokensPerMinute: Int?
    var maxParallel: Int?
}

/// A catalog model with REST's snake_case names in GraphQL's camelCase.
struct LlmModel: Sendable {
    var id: String
    var name: String
    var apiName: String
    var kind: String
    var status: String
    var providerId: String
    var contextWindow: Int
    var maxOutputTokens: Int
    var temperatureDefault: Double
    var isBuiltin: Bool
    var replacementModelId: String?
    var costInputPerMillion: Double?
    var costOutputPerMillion: Double?
    var lastUsedAt: String?
    var downloaded: Bool?
    var downloadStatus: String?

    init(_ model: CatalogModel) {
        id = model.id
        name = model.name
        apiName = model.apiName
        kind = model.kind.rawValue
        status = model.status.rawValue
        providerId = model.providerID
        contextWindow = model.contextWindow
        maxOutputTokens = model.maxOutputTokens
        temperatureDefault = model.temperatureDefault
        isBuiltin = model.isBuiltin
        replacementModelId = model.replacementModelID
        costInputPerMillion = model.costInputPerMillion
        costOutputPerMillion = model.costOutputPerMillion
        lastUsedAt = model.lastUsedAt
        downloaded = model.downloaded
        downloadStatus = model.downloadStatus?.rawValue
    }
}

/// One page of `llmModels`: the shape the issue asks for, not Relay's edges.
struct LlmModelConnection: Sendable {
    var nodes: [LlmModel]
    var pageInfo: ModelPageInfo
    var totalCount: Int
}

struct ModelPageInfo: Sendable {
    var endCursor: String?
    var hasNextPage: Bool
}

struct ModelArguments: Codable, Sendable {
    var id: String
}

struct ModelPageArguments: Codable, Sendable {
    var first: Int?
    var after: String?
}

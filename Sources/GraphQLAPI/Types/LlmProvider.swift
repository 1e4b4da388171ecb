import Graphiti
import HangarCore

/// A connection as GraphQL shows it: the key is never exposed, only whether one is stored.
struct LlmProvider: Sendable {
    let provider: Provider

    init(_ provider: Provider) { self.provider = provider }

    var id: GraphQLID { GraphQLID(provider.id) }
    var name: String { provider.name }
    var kind: LlmProviderKind { LlmProviderKind(provider.kind) }
    var baseUrl: String? { provider.baseURL }
    var apiVersion: String? { provider.apiVersion }
    var enabled: Bool { provider.enabled }
    var isBuiltin: Bool { provider.isBuiltin }
    var apiKeyConfigured: Bool { provider.apiKeyConfigured }
    var limits: LlmProviderLimits {
        LlmProviderLimits(requestsPerMinute: provider.rpmLimit, tokensPerMinute: provider.tpmLimit, maxParallel: provider.maxParallel)
    }
    var rpmLimit: Int? { provider.rpmLimit }
    var tpmLimit: Int? { provider.tpmLimit }
    var maxParallel: Int? { provider.maxParallel }
    var defaultModelId: GraphQLID? { provider.defaultModelID.graphQLID }
    var createdAt: String { provider.createdAt }
    var updatedAt: String { provider.updatedAt }

    func defaultModel(context: GraphQLContext, arguments: NoArguments) async throws -> LlmModel? {
        guard let id = provider.defaultModelID else { return nil }
        return try await context.loader.model(id: id).map(LlmModel.init)
    }
}

/// A connection's limits; null means unlimited, as in REST.
struct LlmProviderLimits: Sendable {
    var requestsPerMinute: Int?
    var tokensPerMinute: Int?
    var maxParallel: Int?
}

import Graphiti
import HangarCore

/// A catalog model with REST's snake_case names in GraphQL's camelCase; its connection and
/// replacement are loaded in batches (`CatalogLoader`).
struct LlmModel: Sendable {
    let model: CatalogModel

    init(_ model: CatalogModel) { self.model = model }

    var id: GraphQLID { GraphQLID(model.id) }
    var name: String { model.name }
    var apiName: String { model.apiName }
    var kind: LlmModelKind { LlmModelKind(model.kind) }
    var status: LlmModelStatus { LlmModelStatus(model.status) }
    var providerId: GraphQLID { GraphQLID(model.providerID) }
    var providerKind: LlmProviderKind { LlmProviderKind(model.providerKind) }
    var contextWindow: Int { model.contextWindow }
    var maxOutputTokens: Int { model.maxOutputTokens }
    var temperatureDefault: Double { model.temperatureDefault }
    var isBuiltin: Bool { model.isBuiltin }
    var isDefault: Bool { model.isDefault }
    var replacementModelId: GraphQLID? { model.replacementModelID.graphQLID }
    var costInputPerMillion: Double? { model.costInputPerMillion }
    var costOutputPerMillion: Double? { model.costOutputPerMillion }
    var lastUsedAt: String? { model.lastUsedAt }
    var hfRepo: String? { model.hfRepo }
    var hfRevision: String? { model.hfRevision }
    var modelFile: String? { model.modelFile }
    var hfTokenConfigured: Bool? { model.hfTokenConfigured }
    var downloaded: Bool? { model.downloaded }
    var downloadStatus: LlmDownloadStatus? { model.downloadStatus.map(LlmDownloadStatus.init) }
    var downloadedAt: String? { model.downloadedAt }
    /// A Float: GraphQL's Int has 32 bits, and a Float holds every size up to 8 PiB exactly.
    var fileSizeBytes: Double? { model.fileSizeBytes.map(Double.init) }
    var checksum: String? { model.checksum }
    var localPath: String? { model.localPath }
    var gguf: LlmModelGGUF? { model.gguf.map(LlmModelGGUF.init) }
    var downloadError: String? { model.downloadError }
    var deployedFrom: GraphQLID? { model.deployedFrom.graphQLID }
    var deprecationDate: String? { model.deprecationDate }
    var successorApiName: String? { model.successorAPIName }
    var priceSource: String? { model.priceSource }
    var priceSyncedAt: String? { model.priceSyncedAt }
    var limitsGuessed: Bool { model.limitsGuessed }
    var createdAt: String { model.createdAt }
    var updatedAt: String { model.updatedAt }

    func provider(context: GraphQLContext, arguments: NoArguments) async throws -> LlmProvider {
        // A model's connection always exists (a foreign key); it can only vanish in between.
        guard let provider = try await context.loader.provider(id: model.providerID) else {
            throw HangarError.notFound(.provider, id: model.providerID)
        }
        return LlmProvider(provider)
    }

    func replacement(context: GraphQLContext, arguments: NoArguments) async throws -> LlmModel? {
        guard let id = model.replacementModelID else { return nil }
        return try await context.loader.model(id: id).map(LlmModel.init)
    }
}

/// What a downloaded file's GGUF header says.
struct LlmModelGGUF: Sendable {
    let metadata: GGUFMetadata

    init(_ metadata: GGUFMetadata) { self.metadata = metadata }

    var architecture: String? { metadata.architecture }
    /// A Float, as `fileSizeBytes`: counts pass 2^31.
    var parameterCount: Double? { metadata.parameterCount.map(Double.init) }
    var quantization: String? { metadata.quantization }
    var contextLength: Int? { metadata.contextLength }
}

/// One page of `llmModels`: the shape the issue asks for, not Relay's edges.
struct LlmModelConnection: Sendable {
    var nodes: [LlmModel]
    var pageInfo: PageInfo
    var totalCount: Int
}

struct PageInfo: Sendable {
    var endCursor: String?
    var hasNextPage: Bool
}

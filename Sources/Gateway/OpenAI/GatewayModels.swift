import Catalog
import Foundation
import HangarCore

/// `GET /v1/models`: the models a key may call, in OpenAI's list shape, with the catalog's own
/// facts beside (context window, prices, lifecycle) so an application can choose without a
/// second API. A model is callable when its connection is enabled and serves it (hosted or
/// Ollama models, not local files) and it is active or deprecated.
public struct GatewayModelList: Encodable, Sendable {
    public let object = "list"
    public var data: [GatewayModel]

    public static func models(for key: APIKey, in snapshot: GatewayCatalog.Snapshot) -> GatewayModelList {
        let allowed = key.models.map(Set.init)
        let models = snapshot.models.filter { model in allowed.map { $0.contains(model.id) } != false }
        return GatewayModelList(data: models.map(GatewayModel.init))
    }
}

public struct GatewayModel: Encodable, Sendable {
    public var id: String
    public let object = "model"
    /// Unix seconds, as OpenAI sends them.
    public var created: Int
    public var ownedBy: String
    public var name: String
    public var apiName: String
    public var contextWindow: Int
    public var maxOutputTokens: Int
    public var costInputPerMillion: Double?
    public var costOutputPerMillion: Double?
    public var status: ModelStatus
    /// The model to move to when this one is deprecated.
    public var replacement: String?

    init(_ model: CatalogModel) {
        id = model.id
        created = Int(Timestamp.parse(model.createdAt)?.timeIntervalSince1970 ?? 0)
        ownedBy = model.providerID
        name = model.name
        apiName = model.apiName
        contextWindow = model.contextWindow
        maxOutputTokens = model.maxOutputTokens
        costInputPerMillion = model.costInputPerMillion
        costOutputPerMillion = model.costOutputPerMillion
        status = model.status
        replacement = model.replacementModelID
    }

    enum CodingKeys: String, CodingKey {
        case id, object, created, name, status, replacement
        case ownedBy = "owned_by"
        case apiName = "api_name"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case costInputPerMillion = "cost_input_per_million"
        case costOutputPerMillion = "cost_output_per_million"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(object, forKey: .object)
        try c.encode(created, forKey: .created)
        try c.encode(ownedBy, forKey: .ownedBy)
        try c.encode(name, forKey: .name)
        try c.encode(apiName, forKey: .apiName)
        try c.encode(contextWindow, forKey: .contextWindow)
        try c.encode(maxOutputTokens, forKey: .maxOutputTokens)
        try c.encode(costInputPerMillion, forKey: .costInputPerMillion)
        try c.encode(costOutputPerMillion, forKey: .costOutputPerMillion)
        try c.encode(status, forKey: .status)
        try c.encode(replacement, forKey: .replacement)
    }
}

/// One model of a discovery proposal (`POST /api/providers/{id}/discover`): served upstream, in
/// the catalog, or both. Every key is sent, `null` included.
public struct DiscoveredModel: Codable, Sendable, Hashable {
    public var apiName: String
    /// The catalog's model; nil for a model only the upstream has.
    public var modelID: String?
    public var name: String
    public var contextWindow: Int
    public var maxOutputTokens: Int
    /// The limits are guesses: neither the catalog nor the price data knew them.
    public var limitsGuessed: Bool
    public var costInputPerMillion: Double?
    public var costOutputPerMillion: Double?
    /// Azure only: the model behind the deployment.
    public var upstreamModel: String?
    /// Ollama only: the size of the model's files.
    public var sizeBytes: Int64?
    /// The catalog's status; nil for a model only the upstream has.
    public var status: ModelStatus?

    public init(
        apiName: String, modelID: String? = nil, name: String, contextWindow: Int, maxOutputTokens: Int, limitsGuessed: Bool,
        costInputPerMillion: Double? = nil, costOutputPerMillion: Double? = nil, upstreamModel: String? = nil,
        sizeBytes: Int64? = nil, status: ModelStatus? = nil
    ) {
        self.apiName = apiName
        self.modelID = modelID
        self.name = name
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.limitsGuessed = limitsGuessed
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.upstreamModel = upstreamModel
        self.sizeBytes = sizeBytes
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case apiName = "api_name"
        case modelID = "model_id"
        case name
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case limitsGuessed = "limits_guessed"
        case costInputPerMillion = "cost_input_per_million"
        case costOutputPerMillion = "cost_output_per_million"
        case upstreamModel = "upstream_model"
        case sizeBytes = "size_bytes"
        case status
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(apiName, forKey: .apiName)
        try c.encode(modelID, forKey: .modelID)
        try c.encode(name, forKey: .name)
        try c.encode(contextWindow, forKey: .contextWindow)
        try c.encode(maxOutputTokens, forKey: .maxOutputTokens)
        try c.encode(limitsGuessed, forKey: .limitsGuessed)
        try c.encode(costInputPerMillion, forKey: .costInputPerMillion)
        try c.encode(costOutputPerMillion, forKey: .costOutputPerMillion)
        try c.encode(upstreamModel, forKey: .upstreamModel)
        try c.encode(sizeBytes, forKey: .sizeBytes)
        try c.encode(status, forKey: .status)
    }
}

/// What a connection serves compared with what the catalog holds for it.
public struct DiscoveryProposal: Codable, Sendable, Hashable {
    public var providerID: String
    public var listedAt: String
    /// Served upstream, not in the catalog.
    public var new: [DiscoveredModel]
    /// Active in the catalog, not served any more.
    public var gone: [DiscoveredModel]
    /// In both.
    public var present: [DiscoveredModel]

    public init(providerID: String, listedAt: String, new: [DiscoveredModel], gone: [DiscoveredModel], present: [DiscoveredModel]) {
        self.providerID = providerID
        self.listedAt = listedAt
        self.new = new
        self.gone = gone
        self.present = present
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case listedAt = "listed_at"
        case new, gone, present
    }
}

/// `POST /api/providers/{id}/discover/apply`: API names to add, API names or model ids to
/// deprecate. Unknown keys and nulls are refused.
public struct DiscoveryApplyRequest: Codable, Sendable, Hashable {
    public var add: [String]?
    public var deprecate: [String]?

    public init(add: [String]? = nil, deprecate: [String]? = nil) {
        self.add = add
        self.deprecate = deprecate
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case add, deprecate
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        add = try c.strict([String].self, forKey: .add)
        deprecate = try c.strict([String].self, forKey: .deprecate)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(add, forKey: .add)
        try c.encodeIfPresent(deprecate, forKey: .deprecate)
    }
}

/// The models an applied discovery created and deprecated, as committed.
public struct DiscoveryApplyResult: Codable, Sendable, Hashable {
    public var added: [CatalogModel]
    public var deprecated: [CatalogModel]

    public init(added: [CatalogModel], deprecated: [CatalogModel]) {
        self.added = added
        self.deprecated = deprecated
    }
}

/// A catalog model as the API shows it. Hosted models carry `null` in every local field;
/// optional fields are encoded as explicit `null` so every client sees every key.
public struct CatalogModel: Codable, Sendable, Hashable {
    public var id: String
    public var providerID: String
    public var providerKind: ProviderKind
    public var kind: ModelKind
    public var name: String
    public var apiName: String
    public var contextWindow: Int
    public var maxOutputTokens: Int
    public var temperatureDefault: Double
    public var isBuiltin: Bool
    public var isDefault: Bool
    public var status: ModelStatus
    public var replacementModelID: String?
    public var costInputPerMillion: Double?
    public var costOutputPerMillion: Double?
    public var lastUsedAt: String?
    public var hfRepo: String?
    public var hfRevision: String?
    public var modelFile: String?
    public var downloadStatus: DownloadStatus?
    public var downloaded: Bool?
    public var downloadedAt: String?
    public var localPath: String?
    public var fileSizeBytes: Int64?
    public var checksum: String?
    public var gguf: GGUFMetadata?
    /// Whether a Hugging Face token is stored; null for hosted models.
    public var hfTokenConfigured: Bool?
    /// Why the last download failed (a `failed` download status).
    public var downloadError: String?
    /// For a model made on an Ollama server from a local model: that local model's id.
    public var deployedFrom: String?
    /// When the provider stops serving it (`YYYY-MM-DD`): the daily job deprecates it then.
    public var deprecationDate: String?
    /// The model the price data names as its successor, proposed as replacement on deprecation.
    public var successorAPIName: String?
    /// Where prices and limits last came from: `manual`, `litellm:snapshot`, `litellm:upload`
    /// or `litellm:<url>`.
    public var priceSource: String?
    public var priceSyncedAt: String?
    /// Discovery added it with limits Hangar guessed; a sync or an edit settles them.
    public var limitsGuessed: Bool
    public var createdAt: String
    public var updatedAt: String

    public init(
        id: String, providerID: String, providerKind: ProviderKind, kind: ModelKind, name: String,
        apiName: String, contextWindow: Int, maxOutputTokens: Int, temperatureDefault: Double,
        isBuiltin: Bool, isDefault: Bool, status: ModelStatus, replacementModelID: String? = nil,
        costInputPerMillion: Double? = nil, costOutputPerMillion: Double? = nil, lastUsedAt: String? = nil,
        hfRepo: String? = nil, hfRevision: String? = nil, modelFile: String? = nil,
        downloadStatus: DownloadStatus? = nil, downloaded: Bool? = nil, downloadedAt: String? = nil,
        localPath: String? = nil, fileSizeBytes: Int64? = nil, checksum: String? = nil,
        gguf: GGUFMetadata? = nil, hfTokenConfigured: Bool? = nil, downloadError: String? = nil, deployedFrom: String? = nil,
        deprecationDate: String? = nil, successorAPIName: String? = nil, priceSource: String? = nil, priceSyncedAt: String? = nil,
        limitsGuessed: Bool = false, createdAt: String, updatedAt: String
    ) {
        self.id = id
        self.providerID = providerID
        self.providerKind = providerKind
        self.kind = kind
        self.name = name
        self.apiName = apiName
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.temperatureDefault = temperatureDefault
        self.isBuiltin = isBuiltin
        self.isDefault = isDefault
        self.status = status
        self.replacementModelID = replacementModelID
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.lastUsedAt = lastUsedAt
        self.hfRepo = hfRepo
        self.hfRevision = hfRevision
        self.modelFile = modelFile
        self.downloadStatus = downloadStatus
        self.downloaded = downloaded
        self.downloadedAt = downloadedAt
        self.localPath = localPath
        self.fileSizeBytes = fileSizeBytes
        self.checksum = checksum
        self.gguf = gguf
        self.hfTokenConfigured = hfTokenConfigured
        self.downloadError = downloadError
        self.deployedFrom = deployedFrom
        self.deprecationDate = deprecationDate
        self.successorAPIName = successorAPIName
        self.priceSource = priceSource
        self.priceSyncedAt = priceSyncedAt
        self.limitsGuessed = limitsGuessed
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case providerID = "provider_id"
        case providerKind = "provider_kind"
        case kind, name
        case apiName = "api_name"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case temperatureDefault = "temperature_default"
        case isBuiltin = "is_builtin"
        case isDefault = "is_default"
        case status
        case replacementModelID = "replacement_model_id"
        case costInputPerMillion = "cost_input_per_million"
        case costOutputPerMillion = "cost_output_per_million"
        case lastUsedAt = "last_used_at"
        case hfRepo = "hf_repo"
        case hfRevision = "hf_revision"
        case modelFile = "model_file"
        case downloadStatus = "download_status"
        case downloaded
        case downloadedAt = "downloaded_at"
        case localPath = "local_path"
        case fileSizeBytes = "file_size_bytes"
        case checksum, gguf
        case hfTokenConfigured = "hf_token_configured"
        case downloadError = "download_error"
        case deployedFrom = "deployed_from"
        case deprecationDate = "deprecation_date"
        case successorAPIName = "successor_api_name"
        case priceSource = "price_source"
        case priceSyncedAt = "price_synced_at"
        case limitsGuessed = "limits_guessed"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(providerKind, forKey: .providerKind)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(apiName, forKey: .apiName)
        try c.encode(contextWindow, forKey: .contextWindow)
        try c.encode(maxOutputTokens, forKey: .maxOutputTokens)
        try c.encode(temperatureDefault, forKey: .temperatureDefault)
        try c.encode(isBuiltin, forKey: .isBuiltin)
        try c.encode(isDefault, forKey: .isDefault)
        try c.encode(status, forKey: .status)
        try c.encode(replacementModelID, forKey: .replacementModelID)
        try c.encode(costInputPerMillion, forKey: .costInputPerMillion)
        try c.encode(costOutputPerMillion, forKey: .costOutputPerMillion)
        try c.encode(lastUsedAt, forKey: .lastUsedAt)
        try c.encode(hfRepo, forKey: .hfRepo)
        try c.encode(hfRevision, forKey: .hfRevision)
        try c.encode(modelFile, forKey: .modelFile)
        try c.encode(downloadStatus, forKey: .downloadStatus)
        try c.encode(downloaded, forKey: .downloaded)
        try c.encode(downloadedAt, forKey: .downloadedAt)
        try c.encode(localPath, forKey: .localPath)
        try c.encode(fileSizeBytes, forKey: .fileSizeBytes)
        try c.encode(checksum, forKey: .checksum)
        try c.encode(gguf, forKey: .gguf)
        try c.encode(hfTokenConfigured, forKey: .hfTokenConfigured)
        try c.encode(downloadError, forKey: .downloadError)
        try c.encode(deployedFrom, forKey: .deployedFrom)
        try c.encode(deprecationDate, forKey: .deprecationDate)
        try c.encode(successorAPIName, forKey: .successorAPIName)
        try c.encode(priceSource, forKey: .priceSource)
        try c.encode(priceSyncedAt, forKey: .priceSyncedAt)
        try c.encode(limitsGuessed, forKey: .limitsGuessed)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// What the GGUF header of a downloaded file says (filled in by the downloader).
public struct GGUFMetadata: Codable, Sendable, Hashable {
    public var architecture: String?
    public var parameterCount: Int64?
    public var quantization: String?
    public var contextLength: Int?

    public init(architecture: String? = nil, parameterCount: Int64? = nil, quantization: String? = nil, contextLength: Int? = nil) {
        self.architecture = architecture
        self.parameterCount = parameterCount
        self.quantization = quantization
        self.contextLength = contextLength
    }

    enum CodingKeys: String, CodingKey {
        case architecture
        case parameterCount = "parameter_count"
        case quantization
        case contextLength = "context_length"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(parameterCount, forKey: .parameterCount)
        try c.encode(quantization, forKey: .quantization)
        try c.encode(contextLength, forKey: .contextLength)
    }
}

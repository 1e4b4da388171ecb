/// Body of `POST /api/models`.
public struct ModelDraft: Codable, Sendable, Hashable {
    public var providerID: String
    public var name: String
    public var apiName: String
    public var contextWindow: Int?
    public var maxOutputTokens: Int?
    public var temperatureDefault: Double?
    public var costInputPerMillion: Double?
    public var costOutputPerMillion: Double?
    public var hfRepo: String?
    public var hfRevision: String?
    public var modelFile: String?
    /// Write-only: stored encrypted, never returned.
    public var hfToken: String?
    /// Local models only: enqueue the download right after the insert.
    public var downloadNow: Bool?
    /// `YYYY-MM-DD`: the day the provider stops serving it.
    public var deprecationDate: String?

    public init(
        providerID: String, name: String, apiName: String, contextWindow: Int? = nil,
        maxOutputTokens: Int? = nil, temperatureDefault: Double? = nil,
        costInputPerMillion: Double? = nil, costOutputPerMillion: Double? = nil,
        hfRepo: String? = nil, hfRevision: String? = nil, modelFile: String? = nil,
        hfToken: String? = nil, downloadNow: Bool? = nil, deprecationDate: String? = nil
    ) {
        self.providerID = providerID
        self.name = name
        self.apiName = apiName
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.temperatureDefault = temperatureDefault
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.hfRepo = hfRepo
        self.hfRevision = hfRevision
        self.modelFile = modelFile
        self.hfToken = hfToken
        self.downloadNow = downloadNow
        self.deprecationDate = deprecationDate
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case providerID = "provider_id"
        case name
        case apiName = "api_name"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case temperatureDefault = "temperature_default"
        case costInputPerMillion = "cost_input_per_million"
        case costOutputPerMillion = "cost_output_per_million"
        case hfRepo = "hf_repo"
        case hfRevision = "hf_revision"
        case modelFile = "model_file"
        case hfToken = "hf_token"
        case downloadNow = "download_now"
        case deprecationDate = "deprecation_date"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        providerID = try c.required(String.self, forKey: .providerID)
        name = try c.required(String.self, forKey: .name)
        apiName = try c.required(String.self, forKey: .apiName)
        contextWindow = try c.strict(Int.self, forKey: .contextWindow)
        maxOutputTokens = try c.strict(Int.self, forKey: .maxOutputTokens)
        temperatureDefault = try c.strict(Double.self, forKey: .temperatureDefault)
        // Costs are nullable: null and absent both mean "price unknown".
        costInputPerMillion = try c.decodeIfPresent(Double.self, forKey: .costInputPerMillion)
        costOutputPerMillion = try c.decodeIfPresent(Double.self, forKey: .costOutputPerMillion)
        hfRepo = try c.strict(String.self, forKey: .hfRepo)
        hfRevision = try c.strict(String.self, forKey: .hfRevision)
        modelFile = try c.strict(String.self, forKey: .modelFile)
        hfToken = try c.strict(String.self, forKey: .hfToken)
        downloadNow = try c.strict(Bool.self, forKey: .downloadNow)
        deprecationDate = try c.decodeIfPresent(String.self, forKey: .deprecationDate)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(name, forKey: .name)
        try c.encode(apiName, forKey: .apiName)
        try c.encodeIfPresent(contextWindow, forKey: .contextWindow)
        try c.encodeIfPresent(maxOutputTokens, forKey: .maxOutputTokens)
        try c.encodeIfPresent(temperatureDefault, forKey: .temperatureDefault)
        try c.encodeIfPresent(costInputPerMillion, forKey: .costInputPerMillion)
        try c.encodeIfPresent(costOutputPerMillion, forKey: .costOutputPerMillion)
        try c.encodeIfPresent(hfRepo, forKey: .hfRepo)
        try c.encodeIfPresent(hfRevision, forKey: .hfRevision)
        try c.encodeIfPresent(modelFile, forKey: .modelFile)
        try c.encodeIfPresent(hfToken, forKey: .hfToken)
        try c.encodeIfPresent(downloadNow, forKey: .downloadNow)
        try c.encodeIfPresent(deprecationDate, forKey: .deprecationDate)
    }
}

/// Body of `PATCH /api/models/{id}`: only present keys change.
public struct ModelPatch: Codable, Sendable, Hashable {
    public var name: String?
    public var apiName: String?
    public var contextWindow: Int?
    public var maxOutputTokens: Int?
    public var temperatureDefault: Double?
    public var costInputPerMillion: PatchValue<Double>?
    public var costOutputPerMillion: PatchValue<Double>?
    public var status: ModelStatus?
    public var replacementModelID: PatchValue<String>?
    public var isDefault: Bool?
    public var hfRepo: String?
    public var hfRevision: String?
    public var modelFile: String?
    /// Replaces the stored Hugging Face token; `.null` removes it.
    public var hfToken: PatchValue<String>?
    /// `YYYY-MM-DD`; `.clear` forgets it.
    public var deprecationDate: PatchValue<String>?

    public init(
        name: String? = nil, apiName: String? = nil, contextWindow: Int? = nil, maxOutputTokens: Int? = nil,
        temperatureDefault: Double? = nil, costInputPerMillion: PatchValue<Double>? = nil,
        costOutputPerMillion: PatchValue<Double>? = nil, status: ModelStatus? = nil,
        replacementModelID: PatchValue<String>? = nil, isDefault: Bool? = nil, hfRepo: String? = nil,
        hfRevision: String? = nil, modelFile: String? = nil, hfToken: PatchValue<String>? = nil,
        deprecationDate: PatchValue<String>? = nil
    ) {
        self.name = name
        self.apiName = apiName
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.temperatureDefault = temperatureDefault
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.status = status
        self.replacementModelID = replacementModelID
        self.isDefault = isDefault
        self.hfRepo = hfRepo
        self.hfRevision = hfRevision
        self.modelFile = modelFile
        self.hfToken = hfToken
        self.deprecationDate = deprecationDate
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case apiName = "api_name"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case temperatureDefault = "temperature_default"
        case costInputPerMillion = "cost_input_per_million"
        case costOutputPerMillion = "cost_output_per_million"
        case status
        case replacementModelID = "replacement_model_id"
        case isDefault = "is_default"
        case hfRepo = "hf_repo"
        case hfRevision = "hf_revision"
        case modelFile = "model_file"
        case hfToken = "hf_token"
        case deprecationDate = "deprecation_date"
    }

    /// The keys this patch sets, as the API names them; used to explain builtin refusals.
    public var presentFields: [String] {
        var fields: [String] = []
        if name != nil { fields.append("name") }
        if apiName != nil { fields.append("api_name") }
        if contextWindow != nil { fields.append("context_window") }
        if maxOutputTokens != nil { fields.append("max_output_tokens") }
        if temperatureDefault != nil { fields.append("temperature_default") }
        if costInputPerMillion != nil { fields.append("cost_input_per_million") }
        if costOutputPerMillion != nil { fields.append("cost_output_per_million") }
        if status != nil { fields.append("status") }
        if replacementModelID != nil { fields.append("replacement_model_id") }
        if isDefault != nil { fields.append("is_default") }
        if hfRepo != nil { fields.append("hf_repo") }
        if hfRevision != nil { fields.append("hf_revision") }
        if modelFile != nil { fields.append("model_file") }
        if hfToken != nil { fields.append("hf_token") }
        if deprecationDate != nil { fields.append("deprecation_date") }
        return fields
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.strict(String.self, forKey: .name)
        apiName = try c.strict(String.self, forKey: .apiName)
        contextWindow = try c.strict(Int.self, forKey: .contextWindow)
        maxOutputTokens = try c.strict(Int.self, forKey: .maxOutputTokens)
        temperatureDefault = try c.strict(Double.self, forKey: .temperatureDefault)
        costInputPerMillion = try c.patch(Double.self, forKey: .costInputPerMillion)
        costOutputPerMillion = try c.patch(Double.self, forKey: .costOutputPerMillion)
        status = try c.strict(ModelStatus.self, forKey: .status)
        replacementModelID = try c.patch(String.self, forKey: .replacementModelID)
        isDefault = try c.strict(Bool.self, forKey: .isDefault)
        hfRepo = try c.strict(String.self, forKey: .hfRepo)
        hfRevision = try c.strict(String.self, forKey: .hfRevision)
        modelFile = try c.strict(String.self, forKey: .modelFile)
        hfToken = try c.patch(String.self, forKey: .hfToken)
        deprecationDate = try c.patch(String.self, forKey: .deprecationDate)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(apiName, forKey: .apiName)
        try c.encodeIfPresent(contextWindow, forKey: .contextWindow)
        try c.encodeIfPresent(maxOutputTokens, forKey: .maxOutputTokens)
        try c.encodeIfPresent(temperatureDefault, forKey: .temperatureDefault)
        try c.encode(patch: costInputPerMillion, forKey: .costInputPerMillion)
        try c.encode(patch: costOutputPerMillion, forKey: .costOutputPerMillion)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encode(patch: replacementModelID, forKey: .replacementModelID)
        try c.encodeIfPresent(isDefault, forKey: .isDefault)
        try c.encodeIfPresent(hfRepo, forKey: .hfRepo)
        try c.encodeIfPresent(hfRevision, forKey: .hfRevision)
        try c.encodeIfPresent(modelFile, forKey: .modelFile)
        try c.encode(patch: hfToken, forKey: .hfToken)
        try c.encode(patch: deprecationDate, forKey: .deprecationDate)
    }
}

/// Body of `POST /api/models/{id}/deprecate`.
public struct DeprecateRequest: Codable, Sendable, Hashable {
    public var replacementModelID: String?

    public init(replacementModelID: String? = nil) { self.replacementModelID = replacementModelID }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case replacementModelID = "replacement_model_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        replacementModelID = try c.decodeIfPresent(String.self, forKey: .replacementModelID)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(replacementModelID, forKey: .replacementModelID)
    }
}

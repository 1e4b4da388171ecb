import HangarCore

/// A connection's checked fields, wherever they come from (a create, a patch, an import):
/// nil is "not given", so the list of rules is written once.
public struct ConnectionFields: Sendable {
    public var name: String?
    public var baseURL: String?
    public var apiVersion: String?
    public var apiKey: String?
    public var rpmLimit: Int?
    public var tpmLimit: Int?
    public var maxParallel: Int?

    public init(
        name: String? = nil, baseURL: String? = nil, apiVersion: String? = nil, apiKey: String? = nil, rpmLimit: Int? = nil,
        tpmLimit: Int? = nil, maxParallel: Int? = nil
    ) {
        self.name = name
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.apiKey = apiKey
        self.rpmLimit = rpmLimit
        self.tpmLimit = tpmLimit
        self.maxParallel = maxParallel
    }
}

/// A model's checked fields, on the same terms.
public struct ModelFields: Sendable {
    public var name: String?
    public var apiName: String?
    public var contextWindow: Int?
    public var maxOutputTokens: Int?
    public var temperatureDefault: Double?
    public var costInputPerMillion: Double?
    public var costOutputPerMillion: Double?
    public var hfRepo: String?
    public var hfRevision: String?
    public var modelFile: String?
    public var hfToken: String?

    public init(
        name: String? = nil, apiName: String? = nil, contextWindow: Int? = nil, maxOutputTokens: Int? = nil,
        temperatureDefault: Double? = nil, costInputPerMillion: Double? = nil, costOutputPerMillion: Double? = nil,
        hfRepo: String? = nil, hfRevision: String? = nil, modelFile: String? = nil, hfToken: String? = nil
    ) {
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
    }
}

extension FieldRules {
    /// Every field rule of a connection, keyed by the API's field names.
    public static func problems(of fields: ConnectionFields) -> [String: FieldError] {
        var problems: [String: FieldError] = [:]
        problems["name"] = fields.name.flatMap { displayName($0) }
        problems["base_url"] = fields.baseURL.flatMap(baseURL)
        problems["api_version"] = fields.apiVersion.flatMap(apiVersion)
        problems["api_key"] = fields.apiKey.flatMap(apiKey)
        problems["rpm_limit"] = fields.rpmLimit.flatMap { limit($0, label: "Requests per minute") }
        problems["tpm_limit"] = fields.tpmLimit.flatMap { limit($0, label: "Tokens per minute") }
        problems["max_parallel"] = fields.maxParallel.flatMap(maxParallel)
        return problems
    }

    /// Every field rule of a model, keyed by the API's field names.
    public static func problems(of fields: ModelFields) -> [String: FieldError] {
        var problems: [String: FieldError] = [:]
        problems["name"] = fields.name.flatMap { displayName($0) }
        problems["api_name"] = fields.apiName.flatMap(apiName)
        problems["context_window"] = fields.contextWindow.flatMap(contextWindow)
        problems["max_output_tokens"] = fields.maxOutputTokens.flatMap(maxOutputTokens)
        problems["temperature_default"] = fields.temperatureDefault.flatMap(temperature)
        problems["cost_input_per_million"] = fields.costInputPerMillion.flatMap(cost)
        problems["cost_output_per_million"] = fields.costOutputPerMillion.flatMap(cost)
        problems["hf_repo"] = fields.hfRepo.flatMap(hfRepo)
        problems["hf_revision"] = fields.hfRevision.flatMap(hfRevision)
        problems["model_file"] = fields.modelFile.flatMap(modelFile)
        problems["hf_token"] = fields.hfToken.flatMap(hfToken)
        return problems
    }
}

import HangarCore

/// Every rule of a record, listed once for a create, a patch and an import: a nil value is
/// "not given" and is not checked.
extension FieldRules {
    /// A connection's field problems, keyed by the API's field names.
    public static func connectionProblems(
        name: String? = nil, baseURL: String? = nil, apiVersion: String? = nil, apiKey: String? = nil, rpmLimit: Int? = nil,
        tpmLimit: Int? = nil, maxParallel: Int? = nil
    ) -> [String: FieldError] {
        var problems: [String: FieldError] = [:]
        problems["name"] = name.flatMap { displayName($0) }
        problems["base_url"] = baseURL.flatMap(Self.baseURL)
        problems["api_version"] = apiVersion.flatMap(Self.apiVersion)
        problems["api_key"] = apiKey.flatMap(Self.apiKey)
        problems["rpm_limit"] = rpmLimit.flatMap { limit($0, label: "Requests per minute") }
        problems["tpm_limit"] = tpmLimit.flatMap { limit($0, label: "Tokens per minute") }
        problems["max_parallel"] = maxParallel.flatMap(Self.maxParallel)
        return problems
    }

    /// A model's field problems, keyed by the API's field names.
    public static func modelProblems(
        name: String? = nil, apiName: String? = nil, contextWindow: Int? = nil, maxOutputTokens: Int? = nil,
        temperatureDefault: Double? = nil, costInputPerMillion: Double? = nil, costOutputPerMillion: Double? = nil,
        hfRepo: String? = nil, hfRevision: String? = nil, modelFile: String? = nil, hfToken: String? = nil,
        deprecationDate: String? = nil
    ) -> [String: FieldError] {
        var problems: [String: FieldError] = [:]
        problems["name"] = name.flatMap { displayName($0) }
        problems["api_name"] = apiName.flatMap(Self.apiName)
        problems["context_window"] = contextWindow.flatMap(Self.contextWindow)
        problems["max_output_tokens"] = maxOutputTokens.flatMap(Self.maxOutputTokens)
        problems["temperature_default"] = temperatureDefault.flatMap(temperature)
        problems["cost_input_per_million"] = costInputPerMillion.flatMap(cost)
        problems["cost_output_per_million"] = costOutputPerMillion.flatMap(cost)
        problems["hf_repo"] = hfRepo.flatMap(Self.hfRepo)
        problems["hf_revision"] = hfRevision.flatMap(Self.hfRevision)
        problems["model_file"] = modelFile.flatMap(Self.modelFile)
        problems["hf_token"] = hfToken.flatMap(Self.hfToken)
        problems["deprecation_date"] = deprecationDate.flatMap(Self.deprecationDate)
        return problems
    }
}

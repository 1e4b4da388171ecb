/// Body of `POST /api/providers`. `kind` stays text here so an unknown kind is a field
/// message (422) rather than a decoding failure.
public struct ProviderDraft: Codable, Sendable, Hashable {
    public var kind: String
    public var name: String
    public var baseURL: String
    public var apiVersion: String?
    public var apiKey: String?
    public var enabled: Bool?
    public var rpmLimit: Int?
    public var tpmLimit: Int?
    public var maxParallel: Int?

    public init(
        kind: String, name: String, baseURL: String, apiVersion: String? = nil, apiKey: String? = nil,
        enabled: Bool? = nil, rpmLimit: Int? = nil, tpmLimit: Int? = nil, maxParallel: Int? = nil
    ) {
        self.kind = kind
        self.name = name
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.apiKey = apiKey
        self.enabled = enabled
        self.rpmLimit = rpmLimit
        self.tpmLimit = tpmLimit
        self.maxParallel = maxParallel
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, name
        case baseURL = "base_url"
        case apiVersion = "api_version"
        case apiKey = "api_key"
        case enabled
        case rpmLimit = "rpm_limit"
        case tpmLimit = "tpm_limit"
        case maxParallel = "max_parallel"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.required(String.self, forKey: .kind)
        name = try c.required(String.self, forKey: .name)
        baseURL = try c.required(String.self, forKey: .baseURL)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        apiKey = try c.decodeIfPresent(String.self, forKey: .apiKey)
        enabled = try c.strict(Bool.self, forKey: .enabled)
        rpmLimit = try c.decodeIfPresent(Int.self, forKey: .rpmLimit)
        tpmLimit = try c.decodeIfPresent(Int.self, forKey: .tpmLimit)
        maxParallel = try c.decodeIfPresent(Int.self, forKey: .maxParallel)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(baseURL, forKey: .baseURL)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(apiKey, forKey: .apiKey)
        try c.encodeIfPresent(enabled, forKey: .enabled)
        try c.encodeIfPresent(rpmLimit, forKey: .rpmLimit)
        try c.encodeIfPresent(tpmLimit, forKey: .tpmLimit)
        try c.encodeIfPresent(maxParallel, forKey: .maxParallel)
    }
}

/// Optional body of `POST /api/providers/{id}/test`.
public struct ConnectionTestOptions: Codable, Sendable, Hashable {
    public var completion: Bool?
    public var modelID: String?

    public init(completion: Bool? = nil, modelID: String? = nil) {
        self.completion = completion
        self.modelID = modelID
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case completion
        case modelID = "model_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        completion = try c.strict(Bool.self, forKey: .completion)
        modelID = try c.decodeIfPresent(String.self, forKey: .modelID)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(completion, forKey: .completion)
        try c.encodeIfPresent(modelID, forKey: .modelID)
    }
}

/// Body of `POST /api/providers/test`: a connection form that is not saved.
public struct ConnectionTestForm: Codable, Sendable, Hashable {
    public var kind: String
    public var baseURL: String
    public var apiVersion: String?
    public var apiKey: String?
    public var providerID: String?
    public var completion: Bool?
    public var model: String?

    public init(
        kind: String, baseURL: String, apiVersion: String? = nil, apiKey: String? = nil, providerID: String? = nil,
        completion: Bool? = nil, model: String? = nil
    ) {
        self.kind = kind
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.apiKey = apiKey
        self.providerID = providerID
        self.completion = completion
        self.model = model
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case baseURL = "base_url"
        case apiVersion = "api_version"
        case apiKey = "api_key"
        case providerID = "provider_id"
        case completion, model
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.required(String.self, forKey: .kind)
        baseURL = try c.required(String.self, forKey: .baseURL)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        apiKey = try c.decodeIfPresent(String.self, forKey: .apiKey)
        providerID = try c.decodeIfPresent(String.self, forKey: .providerID)
        completion = try c.strict(Bool.self, forKey: .completion)
        model = try c.decodeIfPresent(String.self, forKey: .model)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(baseURL, forKey: .baseURL)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(apiKey, forKey: .apiKey)
        try c.encodeIfPresent(providerID, forKey: .providerID)
        try c.encodeIfPresent(completion, forKey: .completion)
        try c.encodeIfPresent(model, forKey: .model)
    }
}

/// A provider connection as the API shows it. Optional fields are encoded as explicit
/// `null` so every client sees every key.
public struct Provider: Codable, Sendable, Hashable {
    public var id: String
    public var kind: ProviderKind
    public var name: String
    public var baseURL: String?
    public var apiVersion: String?
    public var enabled: Bool
    public var defaultModelID: String?
    public var rpmLimit: Int?
    public var tpmLimit: Int?
    public var maxParallel: Int?
    public var isBuiltin: Bool
    /// Whether a key is stored; the key itself never leaves the server.
    public var apiKeyConfigured: Bool
    public var lastTest: ConnectionTestResult?
    public var createdAt: String
    public var updatedAt: String

    public init(
        id: String, kind: ProviderKind, name: String, baseURL: String? = nil, apiVersion: String? = nil,
        enabled: Bool, defaultModelID: String? = nil, rpmLimit: Int? = nil, tpmLimit: Int? = nil,
        maxParallel: Int? = nil, isBuiltin: Bool, apiKeyConfigured: Bool = false, lastTest: ConnectionTestResult? = nil,
        createdAt: String, updatedAt: String
    ) {
        self.apiKeyConfigured = apiKeyConfigured
        self.id = id
        self.kind = kind
        self.name = name
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.enabled = enabled
        self.defaultModelID = defaultModelID
        self.rpmLimit = rpmLimit
        self.tpmLimit = tpmLimit
        self.maxParallel = maxParallel
        self.isBuiltin = isBuiltin
        self.lastTest = lastTest
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, name
        case baseURL = "base_url"
        case apiVersion = "api_version"
        case enabled
        case defaultModelID = "default_model_id"
        case rpmLimit = "rpm_limit"
        case tpmLimit = "tpm_limit"
        case maxParallel = "max_parallel"
        case isBuiltin = "is_builtin"
        case apiKeyConfigured = "api_key_configured"
        case lastTest = "last_test"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(baseURL, forKey: .baseURL)
        try c.encode(apiVersion, forKey: .apiVersion)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(defaultModelID, forKey: .defaultModelID)
        try c.encode(rpmLimit, forKey: .rpmLimit)
        try c.encode(tpmLimit, forKey: .tpmLimit)
        try c.encode(maxParallel, forKey: .maxParallel)
        try c.encode(isBuiltin, forKey: .isBuiltin)
        try c.encode(apiKeyConfigured, forKey: .apiKeyConfigured)
        try c.encode(lastTest, forKey: .lastTest)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// Result of a staged connection test (filled in by the connection-test feature).
public struct ConnectionTestResult: Codable, Sendable, Hashable {
    public var success: Bool
    public var stage: String
    public var latencyMS: Int?
    public var errorCode: String?
    public var errorMessage: String?
    public var modelTested: String?
    public var serverVersion: String?
    public var modelsFound: Int?
    /// The model ids the listing stage found (the forms suggest them as API names), at most
    /// `maxListedIDs` of them, each at most `maxListedIDLength` characters long (an API name's
    /// limit): the result is stored with the connection and must stay small.
    public var modelIDs: [String]?
    public var testedAt: String

    public static let maxListedIDs = 500
    public static let maxListedIDLength = 128

    /// The ids worth keeping: non-empty, not too long, each once, in the upstream's order.
    public static func listedIDs(_ ids: [String]?) -> [String]? {
        guard let ids else { return nil }
        var seen = Set<String>()
        var kept: [String] = []
        for id in ids where !id.isEmpty && id.count <= maxListedIDLength && seen.insert(id).inserted {
            kept.append(id)
            if kept.count == maxListedIDs { break }
        }
        return kept
    }

    public init(
        success: Bool, stage: String, latencyMS: Int? = nil, errorCode: String? = nil, errorMessage: String? = nil,
        modelTested: String? = nil, serverVersion: String? = nil, modelsFound: Int? = nil, modelIDs: [String]? = nil,
        testedAt: String
    ) {
        self.success = success
        self.stage = stage
        self.latencyMS = latencyMS
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.modelTested = modelTested
        self.serverVersion = serverVersion
        self.modelsFound = modelsFound
        self.modelIDs = modelIDs
        self.testedAt = testedAt
    }

    enum CodingKeys: String, CodingKey {
        case success, stage
        case latencyMS = "latency_ms"
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case modelTested = "model_tested"
        case serverVersion = "server_version"
        case modelsFound = "models_found"
        case modelIDs = "model_ids"
        case testedAt = "tested_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(success, forKey: .success)
        try c.encode(stage, forKey: .stage)
        try c.encode(latencyMS, forKey: .latencyMS)
        try c.encode(errorCode, forKey: .errorCode)
        try c.encode(errorMessage, forKey: .errorMessage)
        try c.encode(modelTested, forKey: .modelTested)
        try c.encode(serverVersion, forKey: .serverVersion)
        try c.encode(modelsFound, forKey: .modelsFound)
        try c.encode(modelIDs, forKey: .modelIDs)
        try c.encode(testedAt, forKey: .testedAt)
    }
}

/// PATCH body of a provider connection.
public struct ProviderPatch: Codable, Sendable, Hashable {
    public var name: String?
    public var baseURL: PatchValue<String>?
    public var apiVersion: PatchValue<String>?
    public var enabled: Bool?
    public var defaultModelID: PatchValue<String>?
    public var rpmLimit: PatchValue<Int>?
    public var tpmLimit: PatchValue<Int>?
    public var maxParallel: PatchValue<Int>?
    /// Sets or rotates the key; `.null` clears it.
    public var apiKey: PatchValue<String>?

    public init(
        name: String? = nil, baseURL: PatchValue<String>? = nil, apiVersion: PatchValue<String>? = nil,
        enabled: Bool? = nil, defaultModelID: PatchValue<String>? = nil, rpmLimit: PatchValue<Int>? = nil,
        tpmLimit: PatchValue<Int>? = nil, maxParallel: PatchValue<Int>? = nil, apiKey: PatchValue<String>? = nil
    ) {
        self.apiKey = apiKey
        self.name = name
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.enabled = enabled
        self.defaultModelID = defaultModelID
        self.rpmLimit = rpmLimit
        self.tpmLimit = tpmLimit
        self.maxParallel = maxParallel
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case baseURL = "base_url"
        case apiVersion = "api_version"
        case enabled
        case defaultModelID = "default_model_id"
        case rpmLimit = "rpm_limit"
        case tpmLimit = "tpm_limit"
        case maxParallel = "max_parallel"
        case apiKey = "api_key"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.strict(String.self, forKey: .name)
        baseURL = try c.patch(String.self, forKey: .baseURL)
        apiVersion = try c.patch(String.self, forKey: .apiVersion)
        enabled = try c.strict(Bool.self, forKey: .enabled)
        defaultModelID = try c.patch(String.self, forKey: .defaultModelID)
        rpmLimit = try c.patch(Int.self, forKey: .rpmLimit)
        tpmLimit = try c.patch(Int.self, forKey: .tpmLimit)
        maxParallel = try c.patch(Int.self, forKey: .maxParallel)
        apiKey = try c.patch(String.self, forKey: .apiKey)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(patch: baseURL, forKey: .baseURL)
        try c.encode(patch: apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(enabled, forKey: .enabled)
        try c.encode(patch: defaultModelID, forKey: .defaultModelID)
        try c.encode(patch: rpmLimit, forKey: .rpmLimit)
        try c.encode(patch: tpmLimit, forKey: .tpmLimit)
        try c.encode(patch: maxParallel, forKey: .maxParallel)
        try c.encode(patch: apiKey, forKey: .apiKey)
    }
}

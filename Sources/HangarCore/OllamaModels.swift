/// The result of comparing a local model's digest with its registry's manifest.
public enum OllamaUpdateStatus: String, Codable, Sendable, CaseIterable {
    case upToDate = "up_to_date"
    case updateAvailable = "update_available"
    case unknown
}

public struct OllamaUpdateCheck: Codable, Sendable, Hashable {
    public var status: OllamaUpdateStatus
    /// Why the status is `unknown` (registry unreachable, not from the Ollama registry, …).
    public var reason: String?
    public var localDigest: String
    public var remoteDigest: String?
    public var checkedAt: String

    public init(status: OllamaUpdateStatus, reason: String? = nil, localDigest: String, remoteDigest: String? = nil, checkedAt: String) {
        self.status = status
        self.reason = reason
        self.localDigest = localDigest
        self.remoteDigest = remoteDigest
        self.checkedAt = checkedAt
    }

    enum CodingKeys: String, CodingKey {
        case status, reason
        case localDigest = "local_digest"
        case remoteDigest = "remote_digest"
        case checkedAt = "checked_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(reason, forKey: .reason)
        try c.encode(localDigest, forKey: .localDigest)
        try c.encode(remoteDigest, forKey: .remoteDigest)
        try c.encode(checkedAt, forKey: .checkedAt)
    }
}

/// A model pulled on an Ollama server (`/api/tags`), with its last update check.
public struct OllamaModel: Codable, Sendable, Hashable {
    public var name: String
    public var size: Int64
    public var modifiedAt: String
    public var digest: String
    public var family: String?
    public var families: [String]?
    public var parameterSize: String?
    public var quantizationLevel: String?
    public var format: String?
    public var update: OllamaUpdateCheck?

    public init(
        name: String, size: Int64, modifiedAt: String, digest: String, family: String? = nil, families: [String]? = nil,
        parameterSize: String? = nil, quantizationLevel: String? = nil, format: String? = nil, update: OllamaUpdateCheck? = nil
    ) {
        self.name = name
        self.size = size
        self.modifiedAt = modifiedAt
        self.digest = digest
        self.family = family
        self.families = families
        self.parameterSize = parameterSize
        self.quantizationLevel = quantizationLevel
        self.format = format
        self.update = update
    }

    enum CodingKeys: String, CodingKey {
        case name, size
        case modifiedAt = "modified_at"
        case digest, family, families
        case parameterSize = "parameter_size"
        case quantizationLevel = "quantization_level"
        case format, update
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(size, forKey: .size)
        try c.encode(modifiedAt, forKey: .modifiedAt)
        try c.encode(digest, forKey: .digest)
        try c.encode(family, forKey: .family)
        try c.encode(families, forKey: .families)
        try c.encode(parameterSize, forKey: .parameterSize)
        try c.encode(quantizationLevel, forKey: .quantizationLevel)
        try c.encode(format, forKey: .format)
        try c.encode(update, forKey: .update)
    }
}

public struct OllamaModelList: Codable, Sendable, Hashable {
    public var providerID: String
    public var models: [OllamaModel]
    public var cached: Bool
    public var fetchedAt: String

    public init(providerID: String, models: [OllamaModel], cached: Bool, fetchedAt: String) {
        self.providerID = providerID
        self.models = models
        self.cached = cached
        self.fetchedAt = fetchedAt
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case models, cached
        case fetchedAt = "fetched_at"
    }
}

/// `/api/show`, reduced to what an admin reads, with `model_info` passed on as it is.
public struct OllamaModelDetails: Codable, Sendable, Hashable {
    public var name: String
    public var modelfile: String?
    public var parameters: String?
    public var template: String?
    public var system: String?
    public var license: String?
    public var family: String?
    public var parameterSize: String?
    public var quantizationLevel: String?
    public var format: String?
    public var contextLength: Int?
    public var modelInfo: [String: JSONValue]
    public var capabilities: [String]
    public var modifiedAt: String?

    public init(
        name: String, modelfile: String? = nil, parameters: String? = nil, template: String? = nil, system: String? = nil,
        license: String? = nil, family: String? = nil, parameterSize: String? = nil, quantizationLevel: String? = nil,
        format: String? = nil, contextLength: Int? = nil, modelInfo: [String: JSONValue] = [:], capabilities: [String] = [],
        modifiedAt: String? = nil
    ) {
        self.name = name
        self.modelfile = modelfile
        self.parameters = parameters
        self.template = template
        self.system = system
        self.license = license
        self.family = family
        self.parameterSize = parameterSize
        self.quantizationLevel = quantizationLevel
        self.format = format
        self.contextLength = contextLength
        self.modelInfo = modelInfo
        self.capabilities = capabilities
        self.modifiedAt = modifiedAt
    }

    enum CodingKeys: String, CodingKey {
        case name, modelfile, parameters, template, system, license, family
        case parameterSize = "parameter_size"
        case quantizationLevel = "quantization_level"
        case format
        case contextLength = "context_length"
        case modelInfo = "model_info"
        case capabilities
        case modifiedAt = "modified_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(modelfile, forKey: .modelfile)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(template, forKey: .template)
        try c.encode(system, forKey: .system)
        try c.encode(license, forKey: .license)
        try c.encode(family, forKey: .family)
        try c.encode(parameterSize, forKey: .parameterSize)
        try c.encode(quantizationLevel, forKey: .quantizationLevel)
        try c.encode(format, forKey: .format)
        try c.encode(contextLength, forKey: .contextLength)
        try c.encode(modelInfo, forKey: .modelInfo)
        try c.encode(capabilities, forKey: .capabilities)
        try c.encode(modifiedAt, forKey: .modifiedAt)
    }
}

/// A model loaded in memory (`/api/ps`).
public struct OllamaRunningModel: Codable, Sendable, Hashable {
    public var name: String
    public var size: Int64
    public var sizeVRAM: Int64
    public var digest: String
    public var expiresAt: String?
    public var contextLength: Int?
    public var family: String?
    public var parameterSize: String?
    public var quantizationLevel: String?

    public init(
        name: String, size: Int64, sizeVRAM: Int64, digest: String, expiresAt: String? = nil, contextLength: Int? = nil,
        family: String? = nil, parameterSize: String? = nil, quantizationLevel: String? = nil
    ) {
        self.name = name
        self.size = size
        self.sizeVRAM = sizeVRAM
        self.digest = digest
        self.expiresAt = expiresAt
        self.contextLength = contextLength
        self.family = family
        self.parameterSize = parameterSize
        self.quantizationLevel = quantizationLevel
    }

    enum CodingKeys: String, CodingKey {
        case name, size
        case sizeVRAM = "size_vram"
        case digest
        case expiresAt = "expires_at"
        case contextLength = "context_length"
        case family
        case parameterSize = "parameter_size"
        case quantizationLevel = "quantization_level"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(size, forKey: .size)
        try c.encode(sizeVRAM, forKey: .sizeVRAM)
        try c.encode(digest, forKey: .digest)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(contextLength, forKey: .contextLength)
        try c.encode(family, forKey: .family)
        try c.encode(parameterSize, forKey: .parameterSize)
        try c.encode(quantizationLevel, forKey: .quantizationLevel)
    }
}

public struct OllamaRunningList: Codable, Sendable, Hashable {
    public var providerID: String
    public var models: [OllamaRunningModel]

    public init(providerID: String, models: [OllamaRunningModel]) {
        self.providerID = providerID
        self.models = models
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case models
    }
}

/// A model of the public library (ollama.com), as far as its search page tells.
public struct OllamaLibraryModel: Codable, Sendable, Hashable {
    public var name: String
    public var description: String?
    public var capabilities: [String]
    public var sizes: [String]
    public var pulls: String?
    public var tags: Int?
    public var updated: String?

    public init(
        name: String, description: String? = nil, capabilities: [String] = [], sizes: [String] = [], pulls: String? = nil,
        tags: Int? = nil, updated: String? = nil
    ) {
        self.name = name
        self.description = description
        self.capabilities = capabilities
        self.sizes = sizes
        self.pulls = pulls
        self.tags = tags
        self.updated = updated
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(capabilities, forKey: .capabilities)
        try c.encode(sizes, forKey: .sizes)
        try c.encode(pulls, forKey: .pulls)
        try c.encode(tags, forKey: .tags)
        try c.encode(updated, forKey: .updated)
    }

    enum CodingKeys: String, CodingKey { case name, description, capabilities, sizes, pulls, tags, updated }
}

public struct OllamaLibrarySearch: Codable, Sendable, Hashable {
    public var query: String
    public var source: String
    public var models: [OllamaLibraryModel]

    public init(query: String, source: String, models: [OllamaLibraryModel]) {
        self.query = query
        self.source = source
        self.models = models
    }
}

/// One tag of a library model, ready to pull as `name`.
public struct OllamaVariant: Codable, Sendable, Hashable {
    public var name: String
    public var tag: String
    public var size: String?
    public var context: String?
    public var updated: String?

    public init(name: String, tag: String, size: String? = nil, context: String? = nil, updated: String? = nil) {
        self.name = name
        self.tag = tag
        self.size = size
        self.context = context
        self.updated = updated
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(tag, forKey: .tag)
        try c.encode(size, forKey: .size)
        try c.encode(context, forKey: .context)
        try c.encode(updated, forKey: .updated)
    }

    enum CodingKeys: String, CodingKey { case name, tag, size, context, updated }
}

public struct OllamaVariantList: Codable, Sendable, Hashable {
    public var model: String
    public var source: String
    public var variants: [OllamaVariant]

    public init(model: String, source: String, variants: [OllamaVariant]) {
        self.model = model
        self.source = source
        self.variants = variants
    }
}

/// A catalog model of an Ollama connection and whether that server has it.
public struct OllamaCatalogEntry: Codable, Sendable, Hashable {
    public var modelID: String
    public var name: String
    public var apiName: String
    public var status: String
    public var installed: Bool
    public var installedName: String?

    public init(modelID: String, name: String, apiName: String, status: String, installed: Bool, installedName: String?) {
        self.modelID = modelID
        self.name = name
        self.apiName = apiName
        self.status = status
        self.installed = installed
        self.installedName = installedName
    }

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id"
        case name
        case apiName = "api_name"
        case status, installed
        case installedName = "installed_name"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(modelID, forKey: .modelID)
        try c.encode(name, forKey: .name)
        try c.encode(apiName, forKey: .apiName)
        try c.encode(status, forKey: .status)
        try c.encode(installed, forKey: .installed)
        try c.encode(installedName, forKey: .installedName)
    }
}

public struct OllamaCatalogList: Codable, Sendable, Hashable {
    public var providerID: String
    public var models: [OllamaCatalogEntry]

    public init(providerID: String, models: [OllamaCatalogEntry]) {
        self.providerID = providerID
        self.models = models
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case models
    }
}

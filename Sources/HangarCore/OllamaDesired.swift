/// Body of `PUT /api/ollama/desired`: the servers a model must be on (empty: no pin).
public struct OllamaDesiredRequest: Codable, Sendable, Hashable {
    public var model: String
    public var providerIDs: [String]

    public init(model: String, providerIDs: [String]) {
        self.model = model
        self.providerIDs = providerIDs
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model
        case providerIDs = "provider_ids"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.required(String.self, forKey: .model)
        providerIDs = try c.required([String].self, forKey: .providerIDs)
    }
}

/// A model's pins: the name as Ollama lists it (`llama3.2:latest`), and its servers.
public struct OllamaDesiredModel: Codable, Sendable, Hashable {
    public var model: String
    public var providerIDs: [String]
    /// Null once the pin set is empty (nothing stored any more).
    public var updatedAt: String?

    public init(model: String, providerIDs: [String], updatedAt: String?) {
        self.model = model
        self.providerIDs = providerIDs
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case model
        case providerIDs = "provider_ids"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(providerIDs, forKey: .providerIDs)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

public struct OllamaDesiredList: Codable, Sendable, Hashable {
    public var items: [OllamaDesiredModel]

    public init(items: [OllamaDesiredModel]) { self.items = items }
}

/// How one server differs from its pins. An unreachable server has `reachable: false`, its
/// error, and empty lists: nothing is known about it.
public struct OllamaServerDrift: Codable, Sendable, Hashable {
    public var providerID: String
    public var providerName: String
    public var reachable: Bool
    public var error: OllamaFleetError?
    /// Pinned here, not installed (pin names).
    public var missing: [String]
    /// Installed here, not pinned here (names as the server lists them).
    public var unexpected: [String]
    /// Pinned, installed, and the stored update check of the installed digest finds a newer one.
    public var outdated: [String]

    public init(
        providerID: String, providerName: String, reachable: Bool, error: OllamaFleetError? = nil, missing: [String] = [],
        unexpected: [String] = [], outdated: [String] = []
    ) {
        self.providerID = providerID
        self.providerName = providerName
        self.reachable = reachable
        self.error = error
        self.missing = missing
        self.unexpected = unexpected
        self.outdated = outdated
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case providerName = "provider_name"
        case reachable, error, missing, unexpected, outdated
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(providerName, forKey: .providerName)
        try c.encode(reachable, forKey: .reachable)
        try c.encode(error, forKey: .error)
        try c.encode(missing, forKey: .missing)
        try c.encode(unexpected, forKey: .unexpected)
        try c.encode(outdated, forKey: .outdated)
    }

    public var inDesiredState: Bool { reachable && missing.isEmpty && unexpected.isEmpty && outdated.isEmpty }
}

public struct OllamaDrift: Codable, Sendable, Hashable {
    public var checkedAt: String
    public var servers: [OllamaServerDrift]

    public init(checkedAt: String, servers: [OllamaServerDrift]) {
        self.checkedAt = checkedAt
        self.servers = servers
    }

    enum CodingKeys: String, CodingKey {
        case checkedAt = "checked_at"
        case servers
    }
}

/// Whether a model is loaded on an Ollama server.
public enum RuntimeStatus: String, Codable, Sendable, CaseIterable {
    case stopped, loading, running, error
}

/// One model on one Ollama server as Hangar last saw it: a row of `model_runtime`, the data of a
/// `runtime` event and an item of `GET /api/ollama/runtime`.
public struct RuntimeState: Codable, Sendable, Hashable {
    public var providerID: String
    /// The name as Ollama lists it, lower case, with its tag (`llama3.2:latest` for `Llama3.2`).
    public var name: String
    public var status: RuntimeStatus
    /// Why it is in `error` (a failed start, a server that does not answer).
    public var message: String?
    /// When Ollama will unload it, as `/api/ps` says.
    public var expiresAt: String?
    public var sizeVRAM: Int64?
    /// The start job while it is `loading`.
    public var jobID: String?
    public var updatedAt: String
    /// The catalog models this state belongs to: the models of that name on the connection, and
    /// the local models they were deployed from.
    public var modelIDs: [String]

    public init(
        providerID: String, name: String, status: RuntimeStatus, message: String? = nil, expiresAt: String? = nil,
        sizeVRAM: Int64? = nil, jobID: String? = nil, updatedAt: String, modelIDs: [String] = []
    ) {
        self.providerID = providerID
        self.name = name
        self.status = status
        self.message = message
        self.expiresAt = expiresAt
        self.sizeVRAM = sizeVRAM
        self.jobID = jobID
        self.updatedAt = updatedAt
        self.modelIDs = modelIDs
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case name, status, message
        case expiresAt = "expires_at"
        case sizeVRAM = "size_vram"
        case jobID = "job_id"
        case updatedAt = "updated_at"
        case modelIDs = "model_ids"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(message, forKey: .message)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(sizeVRAM, forKey: .sizeVRAM)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(modelIDs, forKey: .modelIDs)
    }
}

/// `GET /api/ollama/runtime`.
public struct RuntimeStateList: Codable, Sendable, Hashable {
    public var items: [RuntimeState]

    public init(items: [RuntimeState]) { self.items = items }
}

/// `GET /api/models/{id}/runtime`: the model on each Ollama server it is on.
public struct ModelRuntime: Codable, Sendable, Hashable {
    public var modelID: String
    public var servers: [RuntimeServer]

    public init(modelID: String, servers: [RuntimeServer]) {
        self.modelID = modelID
        self.servers = servers
    }

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id"
        case servers
    }
}

public struct RuntimeServer: Codable, Sendable, Hashable {
    public var providerID: String
    public var providerName: String
    /// The catalog model on that connection.
    public var modelID: String
    public var name: String
    public var status: RuntimeStatus
    public var message: String?
    public var expiresAt: String?
    public var sizeVRAM: Int64?
    public var jobID: String?
    /// Null when Hangar has never seen it loaded there.
    public var updatedAt: String?

    public init(providerID: String, providerName: String, modelID: String, name: String, state: RuntimeState?) {
        self.providerID = providerID
        self.providerName = providerName
        self.modelID = modelID
        self.name = name
        self.status = state?.status ?? .stopped
        self.message = state?.message
        self.expiresAt = state?.expiresAt
        self.sizeVRAM = state?.sizeVRAM
        self.jobID = state?.jobID
        self.updatedAt = state?.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case providerName = "provider_name"
        case modelID = "model_id"
        case name, status, message
        case expiresAt = "expires_at"
        case sizeVRAM = "size_vram"
        case jobID = "job_id"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(providerName, forKey: .providerName)
        try c.encode(modelID, forKey: .modelID)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(message, forKey: .message)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(sizeVRAM, forKey: .sizeVRAM)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// `POST /api/models/{id}/start`: which servers (default: every one the model is on) and for
/// how long (default: the `ollama_keep_alive` setting).
public struct StartModelRequest: Codable, Sendable, Hashable {
    public var providerIDs: [String]?
    public var keepAlive: String?

    public init(providerIDs: [String]? = nil, keepAlive: String? = nil) {
        self.providerIDs = providerIDs
        self.keepAlive = keepAlive
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case providerIDs = "provider_ids"
        case keepAlive = "keep_alive"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        providerIDs = try c.strict([String].self, forKey: .providerIDs)
        keepAlive = try c.strict(String.self, forKey: .keepAlive)
    }
}

/// `POST /api/models/{id}/stop`: which servers, and whether to wait until Ollama has unloaded it.
public struct StopModelRequest: Codable, Sendable, Hashable {
    public var providerIDs: [String]?
    public var force: Bool?

    public init(providerIDs: [String]? = nil, force: Bool? = nil) {
        self.providerIDs = providerIDs
        self.force = force
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case providerIDs = "provider_ids"
        case force
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        providerIDs = try c.strict([String].self, forKey: .providerIDs)
        force = try c.strict(Bool.self, forKey: .force)
    }
}

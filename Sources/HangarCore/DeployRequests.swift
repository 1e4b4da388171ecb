/// Body of `POST /api/models/{id}/deploy`: the Ollama connections to put a downloaded local
/// model on, and how the model is made there.
public struct DeployRequest: Codable, Sendable, Hashable {
    public var providerIDs: [String]
    /// The Ollama name; derived from the file's name when absent (`qwen3-0.6b-q4_0`).
    public var name: String?
    public var template: String?
    public var system: String?
    public var parameters: [String: JSONValue]?

    public init(
        providerIDs: [String], name: String? = nil, template: String? = nil, system: String? = nil,
        parameters: [String: JSONValue]? = nil
    ) {
        self.providerIDs = providerIDs
        self.name = name
        self.template = template
        self.system = system
        self.parameters = parameters
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case providerIDs = "provider_ids"
        case name, template, system, parameters
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        providerIDs = try c.required([String].self, forKey: .providerIDs)
        name = try c.strict(String.self, forKey: .name)
        template = try c.strict(String.self, forKey: .template)
        system = try c.strict(String.self, forKey: .system)
        parameters = try c.strict([String: JSONValue].self, forKey: .parameters)
    }
}

/// What a deploy started: one job per server.
public struct DeployResult: Codable, Sendable, Hashable {
    public var modelID: String
    public var name: String
    public var jobs: [DeployJob]

    public init(modelID: String, name: String, jobs: [DeployJob]) {
        self.modelID = modelID
        self.name = name
        self.jobs = jobs
    }

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id"
        case name, jobs
    }
}

public struct DeployJob: Codable, Sendable, Hashable {
    public var providerID: String
    public var jobID: String

    public init(providerID: String, jobID: String) {
        self.providerID = providerID
        self.jobID = jobID
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case jobID = "job_id"
    }
}

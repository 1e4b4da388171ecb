/// Body of `POST /api/ollama/fleet/{pull,delete,update}`: one model, the servers to act on.
public struct OllamaFleetRequest: Codable, Sendable, Hashable {
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

public enum OllamaFleetAction: String, Codable, Sendable, CaseIterable {
    case pull, delete, update
}

/// How one server's part of a group action ended: handed to a job (`queued`), finished at
/// once (`done`), refused by the server (`failed`) or not applicable there (`skipped`).
public enum OllamaFleetStatus: String, Codable, Sendable, CaseIterable {
    case queued, done, failed, skipped
}

/// Why one server's part did not happen: the same code and message the single-server route
/// would have answered with.
public struct OllamaFleetError: Codable, Sendable, Hashable {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public init(_ error: HangarError) {
        self.init(code: error.code, message: error.message)
    }
}

/// One server's line of a group action.
public struct OllamaFleetLine: Codable, Sendable, Hashable {
    public var providerID: String
    public var status: OllamaFleetStatus
    public var jobID: String?
    public var error: OllamaFleetError?

    public init(providerID: String, status: OllamaFleetStatus, jobID: String? = nil, error: OllamaFleetError? = nil) {
        self.providerID = providerID
        self.status = status
        self.jobID = jobID
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case status
        case jobID = "job_id"
        case error
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(status, forKey: .status)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(error, forKey: .error)
    }
}

/// What a group action did, one line per server in the order asked.
public struct OllamaFleetResult: Codable, Sendable, Hashable {
    public var action: OllamaFleetAction
    public var model: String
    public var groupID: String
    public var servers: [OllamaFleetLine]

    public init(action: OllamaFleetAction, model: String, groupID: String, servers: [OllamaFleetLine]) {
        self.action = action
        self.model = model
        self.groupID = groupID
        self.servers = servers
    }

    enum CodingKeys: String, CodingKey {
        case action, model
        case groupID = "group_id"
        case servers
    }
}

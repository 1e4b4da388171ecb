/// Body of `POST /api/ollama/reconcile` (optional): which servers, and whether models nobody
/// pinned there are deleted (never by default: deleting is the one step a pull cannot undo).
public struct OllamaReconcileRequest: Codable, Sendable, Hashable {
    public var providerIDs: [String]?
    public var deleteUnexpected: Bool?

    public init(providerIDs: [String]? = nil, deleteUnexpected: Bool? = nil) {
        self.providerIDs = providerIDs
        self.deleteUnexpected = deleteUnexpected
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case providerIDs = "provider_ids"
        case deleteUnexpected = "delete_unexpected"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        providerIDs = try c.strict([String].self, forKey: .providerIDs)
        deleteUnexpected = try c.strict(Bool.self, forKey: .deleteUnexpected)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(providerIDs, forKey: .providerIDs)
        try c.encodeIfPresent(deleteUnexpected, forKey: .deleteUnexpected)
    }
}

public enum OllamaReconcileKind: String, Codable, Sendable, CaseIterable {
    case pull, deploy, delete
}

/// One step a reconcile took on one server.
public struct OllamaReconcileAction: Codable, Sendable, Hashable {
    public var providerID: String
    public var model: String
    public var action: OllamaReconcileKind
    public var status: OllamaFleetStatus
    public var jobID: String?
    public var error: OllamaFleetError?

    public init(
        providerID: String, model: String, action: OllamaReconcileKind, status: OllamaFleetStatus, jobID: String? = nil,
        error: OllamaFleetError? = nil
    ) {
        self.providerID = providerID
        self.model = model
        self.action = action
        self.status = status
        self.jobID = jobID
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case model, action, status
        case jobID = "job_id"
        case error
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(model, forKey: .model)
        try c.encode(action, forKey: .action)
        try c.encode(status, forKey: .status)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(error, forKey: .error)
    }
}

public struct OllamaReconcileResult: Codable, Sendable, Hashable {
    public var groupID: String
    public var actions: [OllamaReconcileAction]

    public init(groupID: String, actions: [OllamaReconcileAction]) {
        self.groupID = groupID
        self.actions = actions
    }

    enum CodingKeys: String, CodingKey {
        case groupID = "group_id"
        case actions
    }
}

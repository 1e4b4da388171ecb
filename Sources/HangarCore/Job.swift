/// Where a background job is in its life. `queued` and `running` are active: at most one
/// active job exists per (kind, target).
public enum JobState: String, Codable, Sendable, CaseIterable {
    case queued
    case running
    case succeeded
    case failed
    case canceled

    public var isActive: Bool { self == .queued || self == .running }
}

/// How far a job has come. Every field is optional because each kind of job knows different
/// things (a download knows bytes, an update check only a phase); all keys are always sent.
public struct JobProgress: Codable, Sendable, Hashable {
    public var bytesDone: Int64?
    public var bytesTotal: Int64?
    public var percent: Double?
    public var bytesPerSecond: Double?
    public var etaSeconds: Double?
    public var phase: String?
    public var message: String?

    public init(
        bytesDone: Int64? = nil, bytesTotal: Int64? = nil, percent: Double? = nil, bytesPerSecond: Double? = nil,
        etaSeconds: Double? = nil, phase: String? = nil, message: String? = nil
    ) {
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.percent = percent
        self.bytesPerSecond = bytesPerSecond
        self.etaSeconds = etaSeconds
        self.phase = phase
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case bytesDone = "bytes_done"
        case bytesTotal = "bytes_total"
        case percent
        case bytesPerSecond = "bytes_per_second"
        case etaSeconds = "eta_seconds"
        case phase, message
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bytesDone, forKey: .bytesDone)
        try c.encode(bytesTotal, forKey: .bytesTotal)
        try c.encode(percent, forKey: .percent)
        try c.encode(bytesPerSecond, forKey: .bytesPerSecond)
        try c.encode(etaSeconds, forKey: .etaSeconds)
        try c.encode(phase, forKey: .phase)
        try c.encode(message, forKey: .message)
    }
}

/// A background job as the API shows it (its payload stays on the server).
public struct Job: Codable, Sendable, Hashable {
    public var id: String
    public var kind: String
    public var target: String
    public var state: JobState
    public var progress: JobProgress
    public var attempts: Int
    public var errorCode: String?
    public var errorMessage: String?
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
    public var updatedAt: String
    /// A queued job waiting to be retried (its last run failed unexpectedly or was abandoned)
    /// is not run before this time; null otherwise.
    public var runAfter: String?
    /// What a succeeded job found, when its kind reports something (null otherwise).
    public var result: JSONValue?

    public init(
        id: String, kind: String, target: String, state: JobState, progress: JobProgress = JobProgress(),
        attempts: Int = 0, errorCode: String? = nil, errorMessage: String? = nil, createdAt: String,
        startedAt: String? = nil, finishedAt: String? = nil, updatedAt: String, runAfter: String? = nil, result: JSONValue? = nil
    ) {
        self.result = result
        self.runAfter = runAfter
        self.id = id
        self.kind = kind
        self.target = target
        self.state = state
        self.progress = progress
        self.attempts = attempts
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, target, state, progress, attempts
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case updatedAt = "updated_at"
        case runAfter = "run_after"
        case result
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(target, forKey: .target)
        try c.encode(state, forKey: .state)
        try c.encode(progress, forKey: .progress)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(errorCode, forKey: .errorCode)
        try c.encode(errorMessage, forKey: .errorMessage)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(runAfter, forKey: .runAfter)
        try c.encode(result, forKey: .result)
        let parsed = JobTarget(target)
        var named = encoder.container(keyedBy: TargetKeys.self)
        try named.encode(parsed?.modelID, forKey: .modelID)
        try named.encode(parsed?.providerID, forKey: .providerID)
        try named.encode(parsed?.ollamaModel, forKey: .ollamaModel)
    }

    /// The target's parts as fields of their own, so clients never parse `target`.
    enum TargetKeys: String, CodingKey {
        case modelID = "model_id"
        case providerID = "provider_id"
        case ollamaModel = "ollama_model"
    }
}
